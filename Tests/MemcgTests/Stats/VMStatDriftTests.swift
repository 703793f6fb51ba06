import KernelSim
import Memcg
import Testing

/// The seed thread's experiment: a parent whose children are created and
/// destroyed one after another, each allocating slab pages on several CPUs
/// and freeing part of them before rmdir; the rest is freed after its
/// caches were reparented, so those frees are accounted to the parent.
@Suite struct VMStatDriftTests {
    struct Outcome {
        /// Parent's slab_reclaimable error after every child is gone and a
        /// final flush ran.
        var finalError: Int64
        /// Largest |error| seen after each child was freed (rstat: after a
        /// read, which flushes past its threshold).
        var maxError: Int64
        /// The error after every 50 children.
        var checkpoints: [Int64]
    }

    static let cpus = 4
    static let bound = Int64(MemcgStats.errorBoundPages(batch: 32, cpus: cpus))

    func run(_ scheme: VMStatScheme, children: Int, seed: UInt64) -> Outcome {
        let stats = StatsTestSupport.stats(scheme, cpus: Self.cpus)
        var random = SimRandom(seed: seed)
        let root = stats.addCgroup(parent: nil)
        let parent = stats.addCgroup(parent: root)
        var outcome = Outcome(finalError: 0, maxError: 0, checkpoints: [])
        for index in 1...children {
            let child = stats.addCgroup(parent: parent)
            var held: [(pages: Int, node: Int)] = []
            for _ in 0..<random.int(in: 4...24) {
                let pages = random.int(in: 1...8)
                let node = random.index(below: 2)
                stats.update(child, .slabReclaimable, pages * 4_096, cpu: random.index(below: Self.cpus), node: node)
                held.append((pages, node))
            }
            // Free about half while the child is online, on any CPU.
            while held.count > 1 && random.chance(0.5) {
                let (pages, node) = held.removeLast()
                stats.update(child, .slabReclaimable, -pages * 4_096, cpu: random.index(below: Self.cpus), node: node)
            }
            stats.cgroupOffline(child)
            // Reparented slab pages are freed at the parent's level.
            for (pages, node) in held {
                stats.update(parent, .slabReclaimable, -pages * 4_096, cpu: random.index(below: Self.cpus), node: node)
            }
            stats.cgroupFreed(child)
            _ = stats.read(parent, .slabReclaimable)
            outcome.maxError = max(outcome.maxError, abs(stats.error(parent, .slabReclaimable)) / 4_096)
            if index % 50 == 0 { outcome.checkpoints.append(stats.error(parent, .slabReclaimable) / 4_096) }
        }
        stats.flushAll()
        outcome.finalError = stats.error(parent, .slabReclaimable) / 4_096
        #expect(stats.exact(parent, .slabReclaimable) == 0)
        return outcome
    }

    /// Double flush: every dead child leaves its remainder behind a second
    /// time; the parent's error grows with the number of children.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func doubleFlushDriftsWithEveryChild(seed: UInt64) {
        let outcome = run(.thresholdSpillDoubleFlush, children: 400, seed: seed)
        #expect(zip(outcome.checkpoints, outcome.checkpoints.dropFirst()).allSatisfy { $0 < $1 })
        #expect(outcome.finalError > 10 * Self.bound)
        let shorter = run(.thresholdSpillDoubleFlush, children: 100, seed: seed)
        #expect(outcome.finalError > 2 * shorter.finalError)
    }

    /// Threshold spill: never more than batch x CPUs off, whatever the
    /// number of children.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func thresholdSpillStaysWithinTheBound(seed: UInt64) {
        let outcome = run(.thresholdSpill, children: 400, seed: seed)
        #expect(outcome.maxError <= Self.bound)
        #expect(abs(outcome.finalError) <= Self.bound)
    }

    /// rstat: within the read threshold while running, exact after a flush.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func rstatIsExact(seed: UInt64) {
        let outcome = run(.rstat, children: 400, seed: seed)
        #expect(outcome.maxError <= Self.bound)
        #expect(outcome.finalError == 0)
    }
}
