import KernelSim
@testable import Memcg

/// Records every page event the allocator reports, per cache.
final class RecordingSlabObserver: SlabPageObserver {
    struct Event: Equatable {
        var allocated: Bool
        var cache: SlabCacheID
        var node: Int
        var pages: Int
        var owner: UInt32
        var reclaimable: Bool
    }

    var events: [Event] = []
    var vectorBytesAllocated = 0
    var vectorBytesFreed = 0

    func slabPagesAllocated(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) {
        events.append(Event(allocated: true, cache: cache, node: node, pages: pages, owner: owner, reclaimable: reclaimable))
    }

    func slabPagesFreed(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) {
        events.append(Event(allocated: false, cache: cache, node: node, pages: pages, owner: owner, reclaimable: reclaimable))
    }

    func slabTagVectorAllocated(cache: SlabCacheID, node: Int, bytes: Int) { vectorBytesAllocated += bytes }
    func slabTagVectorFreed(cache: SlabCacheID, node: Int, bytes: Int) { vectorBytesFreed += bytes }

    /// Pages allocated minus pages freed for `cache` (all nodes, or one).
    func netPages(_ cache: SlabCacheID, node: Int? = nil) -> Int {
        events.filter { $0.cache == cache && (node == nil || $0.node == node) }
            .reduce(0) { $0 + ($1.allocated ? $1.pages : -$1.pages) }
    }
}

/// A kernel and allocator of the given shape.
func makeSlab(cpus: Int = 4, nodes: Int = 1, seed: UInt64 = 1) -> (Kernel, SlabAllocator) {
    let kernel = Kernel(KernelConfiguration(topology: try! Topology(cpus: cpus, nodes: nodes), seed: seed))
    return (kernel, SlabAllocator(kernel: kernel))
}
