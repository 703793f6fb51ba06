import KernelSim
@testable import Memcg
import MemcgTestSupport

/// A controller with the kmem layer under one accounting design.
func kmemSystem(_ accounting: SlabAccounting, teardown: CacheTeardown = .deferred, cpus: Int = 4, nodes: Int = 1,
                _ configure: (inout Design) -> Void = { _ in }) -> MemoryController {
    var design = Design()
    design.slabAccounting = accounting
    design.cacheTeardown = teardown
    design.memcgMetadata = .unaccounted
    configure(&design)
    return testController(design, cpus: cpus, nodes: nodes, seed: 1)
}

extension KmemAccounting {
    /// The boot cache with this name.
    func boot(_ name: String) -> SlabCacheID { rootCache(named: name)! }
}
