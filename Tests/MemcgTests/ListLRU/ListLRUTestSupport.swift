import KernelSim
@testable import Memcg
import MemcgTestSupport

/// A controller of the given shape and list_lru design.
func makeController(_ listLRU: ListLRUDesign = .lazy, nodes: Int = 2, cpus: Int = 4,
                    _ configure: (inout Design) -> Void = { _ in }) -> MemoryController {
    var design = Design()
    design.listLRU = listLRU
    configure(&design)
    return testController(design, cpus: cpus, nodes: nodes, seed: 7)
}

extension MemoryController {
    /// Active kmalloc-32 objects, as slabinfo shows them.
    var kmalloc32Objects: Int { slab.statistics(of: slab.kmallocCache(forSize: 32)!).activeObjects }

    /// rmdir, then run the kernel until the offline work is done.
    func remove(_ path: String) throws {
        try rmdir(path)
        kernel.runUntilIdle()
    }
}
