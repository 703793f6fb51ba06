import KernelSim
@testable import Memcg
import Testing

/// Each kmem invariant, broken on purpose, is reported under its name.
@Suite struct KmemInvariantTests {
    private func rules(_ mc: MemoryController) -> Set<String> { Set(mc.checkInvariants().map(\.rule)) }

    private func perMemcg() throws -> (MemoryController, MemCgroup, SlabObject) {
        let mc = kmemSystem(.perMemcgCaches)
        let a = try mc.mkdir("/a")
        mc.kmem.free(try mc.kmem.allocate(mc.kmem.boot("pid"), memcg: a, node: 0))
        mc.kernel.runUntilIdle()
        let o = try mc.kmem.allocate(mc.kmem.boot("pid"), memcg: a, node: 0)
        #expect(mc.checkInvariants().isEmpty)
        return (mc, a, o)
    }

    private func objcg() throws -> (MemoryController, MemCgroup, SlabObject) {
        let mc = kmemSystem(.objcg)
        let a = try mc.mkdir("/a")
        let o = try mc.kmem.allocate(mc.kmem.boot("pid"), memcg: a, node: 0)
        #expect(mc.checkInvariants().isEmpty)
        return (mc, a, o)
    }

    @Test func aCacheMissingFromTheGlobalList() throws {
        let (mc, _, _) = try perMemcg()
        let slot = Int(mc.kmem.boot("pid").index)
        mc.kmem.unlinkGlobal(slot)
        #expect(rules(mc).contains("kmem-lists"))
    }

    @Test func aCacheListedTwiceBySlabinfo() throws {
        let (mc, _, _) = try perMemcg()
        let kmem = mc.kmem
        // A second node for an existing root on slab_root_caches, which
        // /proc/slabinfo walks from 4.11: it prints it twice.
        let slot = Int(kmem.boot("pid").index)
        kmem.rootLinks.insertHead(slot, into: &kmem.rootList)
        #expect(rules(mc).contains("kmem-slabinfo"))
    }

    @Test func childPagesThatDoNotMatchItsSlabs() throws {
        let (mc, _, o) = try perMemcg()
        let child = try #require(mc.kmem.cacheInfo(mc.kmem.allocator.cache(of: o)))
        child.chargedPages += 1
        #expect(rules(mc).contains("kmem-child-cache"))
    }

    @Test func anActiveChildOutOfItsRootsArray() throws {
        let (mc, a, o) = try perMemcg()
        let child = try #require(mc.kmem.cacheInfo(mc.kmem.allocator.cache(of: o)))
        child.root!.children[a.cacheID!] = nil
        #expect(rules(mc).contains("kmem-child-cache"))
    }

    @Test func aReferenceTheLayerDoesNotAccountFor() throws {
        let (mc, a, _) = try perMemcg()
        a.kmemState!.heldReferences += 1
        #expect(rules(mc).contains("kmem-references"))
    }

    @Test func anObjcgWhoseChargesDoNotAddUp() throws {
        let (mc, _, o) = try objcg()
        mc.kmem.objcg(of: o)!.chargedPages += 1
        #expect(rules(mc).contains("objcg"))
    }

    @Test func anObjcgWithAStrayReference() throws {
        let (mc, _, o) = try objcg()
        mc.kmem.objcg(of: o)!.references += 1
        #expect(rules(mc).contains("objcg"))
    }

    @Test func anObjectPointingToAReleasedObjcg() throws {
        let (mc, _, o) = try objcg()
        let objcg = try #require(mc.kmem.objcg(of: o))
        try #require(mc.kmem as? ObjcgSlabAccounting).objcgs[Int(objcg.tag)] = nil
        #expect(rules(mc).contains("use-after-free"))
    }

    @Test func aDyingCacheLeftAfterTeardownBreaksLiveness() throws {
        let (mc, _, _) = try perMemcg()
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(mc.checkQuiescent().map(\.rule).contains("liveness"))
    }

    @Test func anObjcgLeftAfterTeardownBreaksLiveness() throws {
        let (mc, _, o) = try objcg()
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        mc.drainAllStocks()
        #expect(mc.checkQuiescent().map(\.rule).contains("liveness"))
        mc.kmem.free(o)
        mc.drainAllStocks()
        #expect(mc.checkQuiescent().isEmpty)
    }
}
