import Testing
import KernelSim
@testable import Memcg

/// Misuse traps, as SLUB's debug checks would report it, instead of
/// corrupting the tables.
@Suite struct SlabMisuseTests {
    @Test func doubleFreeTraps() async {
        await #expect(processExitsWith: .failure) {
            let slab = SlabAllocator(kernel: Kernel())
            let object = slab.kmalloc(size: 32, node: 0)!
            _ = slab.kmalloc(size: 32, node: 0)!
            slab.kfree(object)
            slab.kfree(object)
        }
    }

    @Test func staleHandleAfterTheSlabWasFreedTraps() async {
        await #expect(processExitsWith: .failure) {
            let slab = SlabAllocator(kernel: Kernel())
            let cache = try! slab.createCache(name: "c", objectSize: 64)
            let object = slab.allocate(cache, node: 0)!
            slab.free(object)
            slab.shrink(cache)
            _ = slab.tag(of: object)
        }
    }

    @Test func staleHandleIsNotAllocated() throws {
        let slab = SlabAllocator(kernel: Kernel())
        let cache = try slab.createCache(name: "c", objectSize: 64)
        let object = try #require(slab.allocate(cache, node: 0))
        slab.free(object)
        slab.shrink(cache)
        #expect(!slab.isAllocated(object))
        // The record is reused for a new slab; the old handle still fails.
        let fresh = try #require(slab.allocate(cache, node: 0))
        #expect(fresh.slabIndex == object.slabIndex && fresh.slot == object.slot)
        #expect(!slab.isAllocated(object) && slab.isAllocated(fresh))
    }
}
