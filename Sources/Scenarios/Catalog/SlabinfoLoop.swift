import KernelSim
import Memcg

/// A process reading /proc/slabinfo over and over (`while :; do cat
/// /proc/slabinfo; done`), a 4 KiB read() at a time, for a bounded number
/// of passes. Each read takes the virtual time of the list nodes it walks
/// plus a system call; the kernel keeps running between reads, which is
/// where the list changes under the reader.
final class SlabinfoLoop {
    private let kmem: KmemAccounting
    private let kernel: Kernel
    private let passes: Int
    private var reader: SlabinfoReader?
    private var running = false

    private(set) var passesDone = 0
    private(set) var chunks = 0
    private(set) var missing = 0
    private(set) var duplicates = 0
    private(set) var nodesVisited: UInt64 = 0

    init(kmem: KmemAccounting, kernel: Kernel, passes: Int) {
        self.kmem = kmem
        self.kernel = kernel
        self.passes = passes
    }

    func start() {
        guard !running, passes > 0 else { return }
        running = true
        kernel.schedule("slabinfo.read") { [self] in read() }
    }

    private func read() {
        let current = reader ?? kmem.openSlabinfo()
        reader = current
        _ = current.readChunk()
        chunks += 1
        nodesVisited += current.lastChunkVisits
        let cost = kernel.costs.cacheListNodeVisit * current.lastChunkVisits + kernel.costs.controlFileAccess
        if current.isFinished {
            missing += current.missing
            duplicates += current.duplicates
            passesDone += 1
            reader = nil
            guard passesDone < passes else { return }
        }
        kernel.schedule(after: cost, "slabinfo.read") { [self] in read() }
    }
}
