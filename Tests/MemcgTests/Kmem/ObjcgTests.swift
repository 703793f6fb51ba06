import KernelSim
@testable import Memcg
import Testing

/// Object-level accounting: shared caches, objcg vectors, byte charges
/// through the per-CPU object stock, reparenting at offline.
@Suite struct ObjcgTests {
    @Test func objectsShareTheRootCacheAndCarryTheirObjcg() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let b = try mc.mkdir("/b")
        let cache = kmem.boot("pid")
        let oa = try kmem.allocate(cache, memcg: a, node: 0)
        let objcg = try #require(kmem.objcg(of: oa))
        let size = kmem.allocator.layout(of: cache).size
        // A page was charged; the rest waits in this CPU's stock.
        #expect(objcg.chargedPages == 1)
        #expect(kmem.stockedBytes(objcg) == PageSize.bytes - size - 8)
        let ob = try kmem.allocate(cache, memcg: b, node: 0)
        // The stock moved to b's objcg; a's remainder went back to a's objcg.
        #expect(kmem.stockedBytes(objcg) == 0)
        #expect(objcg.nrChargedBytes == PageSize.bytes - size - 8)
        #expect(kmem.allocator.cache(of: oa) == cache)
        #expect(kmem.allocator.cache(of: ob) == cache)
        #expect(kmem.allocator.slabCount(of: cache) == 1)
        #expect(kmem.memcg(of: oa) === a)
        #expect(kmem.memcg(of: ob) === b)
        #expect(kmem.childCacheCount == 0)
        #expect(objcg.objectBytes == size + 8)
        // The objcg vector of the slab is a kmalloc of objects x 8 bytes.
        let perSlab = kmem.allocator.layout(of: cache).objectsPerSlab
        #expect(kmem.tagVectorObjects[perSlab * 8]?.count == 1)
        #expect(mc.checkInvariants().isEmpty)
        kmem.free(oa)
        kmem.free(ob)
        #expect(mc.checkInvariants().isEmpty)
    }

    /// The objcg allocation path reads the slot's facts, not the cache
    /// object: a destroyed cache's ID, even with its slot reused, must still
    /// be refused, and the facts must follow the cache now in the slot.
    @Test func allocationByIDFollowsTheCacheNowInTheSlot() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let old = try kmem.createCache(name: "old", objectSize: 64, flags: [.account])
        kmem.free(try kmem.allocate(old, memcg: a, node: 0))
        try kmem.destroyCache(old)
        #expect(throws: MemcgError.self) { try kmem.allocate(old, memcg: a, node: 0) }
        // The next cache takes the freed slot under a new generation.
        let new = try kmem.createCache(name: "new", objectSize: 512, flags: [.account, .reclaimAccount])
        #expect(new.index == old.index && new != old)
        #expect(throws: MemcgError.self) { try kmem.allocate(old, memcg: a, node: 0) }
        let object = try kmem.allocate(new, memcg: a, node: 0)
        let objcg = try #require(kmem.objcg(of: object))
        let fullSize = kmem.allocator.layout(of: new).size + 8
        #expect(objcg.objectBytes == fullSize)
        // Its statistic is counted as reclaimable once the stock flushes it.
        kmem.drainObjStocks()
        #expect(kmem.flushedSlabStatBytes(a, reclaimable: true) == fullSize)
        #expect(kmem.flushedSlabStatBytes(a, reclaimable: false) == 0)
        // An unaccounted cache is never charged, by ID or otherwise.
        let plain = try kmem.createCache(name: "plain", objectSize: 64, flags: [])
        let unaccounted = try kmem.allocate(plain, memcg: a, node: 0)
        #expect(kmem.objcg(of: unaccounted) == nil)
        kmem.free(object)
        kmem.free(unaccounted)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func theStockServesSubPageChargesAndUnchargesWholePages() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let cache = kmem.boot("vm_area_struct")
        var objects: [SlabObject] = []
        for _ in 0..<100 { objects.append(try kmem.allocate(cache, memcg: a, node: 0)) }
        let objcg = try #require(kmem.liveObjcg(of: a))
        let bytes = 100 * (kmem.allocator.layout(of: cache).size + 8)
        #expect(objcg.chargedPages == (bytes + PageSize.bytes - 1) / PageSize.bytes)
        for o in objects { kmem.free(o) }
        // Everything came back; at most a page stays in the stock.
        #expect(objcg.chargedPages <= 1)
        #expect(kmem.statistics.objStockPageUncharges > 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func slabStatisticsWaitInTheStockUntilTheyPassAPage() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let cache = kmem.boot("pid")
        let size = kmem.allocator.layout(of: cache).size + 8
        var objects: [SlabObject] = []
        objects.append(try kmem.allocate(cache, memcg: a, node: 0))
        #expect(kmem.flushedSlabStatBytes(a, reclaimable: false) == 0)
        while kmem.flushedSlabStatBytes(a, reclaimable: false) == 0 {
            objects.append(try kmem.allocate(cache, memcg: a, node: 0))
        }
        #expect(kmem.flushedSlabStatBytes(a, reclaimable: false) > PageSize.bytes)
        #expect(objects.count * size > PageSize.bytes)
        // A different objcg on this CPU flushes what was pending.
        let b = try mc.mkdir("/b")
        _ = try kmem.allocate(cache, memcg: b, node: 0)
        #expect(kmem.flushedSlabStatBytes(a, reclaimable: false) == objects.count * size)
    }

    @Test func offlineReparentsObjcgsAndTheMemcgIsFreedPromptly() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let p = try mc.mkdir("/p")
        let c = try mc.mkdir("/p/c")
        let cache = kmem.boot("files_cache")
        var objects: [SlabObject] = []
        for _ in 0..<10 { objects.append(try kmem.allocate(cache, memcg: c, node: 0)) }
        let objcg = try #require(kmem.liveObjcg(of: c))
        try mc.rmdir("/p/c")
        mc.kernel.runUntilIdle()
        // Its only memory was slab objects: it is gone.
        #expect(c.state == .freed)
        #expect(objcg.memcg === p)
        #expect(kmem.objcgs(charging: p).contains { $0 === objcg })
        #expect(p.memory.usage == objcg.chargedPages + mc.stockedPages(p))
        #expect(kmem.memcg(of: objects[0]) === p)
        #expect(mc.checkInvariants().isEmpty)
        for o in objects { kmem.free(o) }
        // The objects were uncharged from the parent; once the CPU stock
        // lets go of it, the objcg is released.
        #expect(!objcg.released)
        mc.drainAllStocks()
        #expect(objcg.released)
        #expect(p.memory.usage == 0)
        #expect(mc.checkInvariants().isEmpty)
        try mc.rmdir("/p")
        mc.kernel.runUntilIdle()
        mc.drainAllStocks()
        #expect(mc.checkQuiescent().isEmpty)
    }

    /// memcg_reparent_objcgs moves no charge: the dying memcg's own page
    /// counter keeps what its objcg had charged, and the uncharge when the
    /// objects go walks from the parent up (obj_cgroup_uncharge_pages via
    /// obj_cgroup_memcg), leaving the dying counter where it was.
    @Test func reparentingLeavesTheDyingMemcgsOwnCounterAsItWas() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let p = try mc.mkdir("/p")
        let c = try mc.mkdir("/p/c")
        let cache = kmem.boot("files_cache")
        var objects: [SlabObject] = []
        for _ in 0..<10 { objects.append(try kmem.allocate(cache, memcg: c, node: 0)) }
        mc.drainAllStocks()
        let objcg = try #require(kmem.liveObjcg(of: c))
        let charged = objcg.chargedPages
        #expect(charged > 0 && c.memory.usage == charged)
        let parentBefore = p.memory.usage
        // A reference keeps /p/c dying, not freed, so its counter can be read.
        mc.getExternal(c)
        try mc.rmdir("/p/c")
        mc.kernel.runUntilIdle()
        #expect(c.state == .dying)
        #expect(objcg.memcg === p)
        // Nothing moved between counters at offline.
        #expect(c.memory.usage == charged)
        #expect(kmem.strandedPages(of: c) == charged)
        #expect(p.memory.usage == parentBefore)
        #expect(mc.checkInvariants().isEmpty)
        for o in objects { kmem.free(o) }
        mc.drainAllStocks()
        // The uncharges went to the parent and up; the dying counter kept its pages.
        #expect(objcg.released)
        #expect(p.memory.usage == 0)
        #expect(c.memory.usage == charged)
        #expect(mc.root.memory.usage == mc.stockedPages(mc.root))
        #expect(mc.dyingCgroupFacts().first { $0.serial == c.serial }?.chargedBytes == 0)
        #expect(mc.checkInvariants().isEmpty)
        mc.putExternal(c)
        mc.kernel.runUntilIdle()
        #expect(c.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func perMemcgCachesKeepTheSameCgroupDying() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let c = try mc.mkdir("/c")
        let cache = kmem.boot("files_cache")
        kmem.free(try kmem.allocate(cache, memcg: c, node: 0))
        mc.kernel.runUntilIdle()
        let o = try kmem.allocate(cache, memcg: c, node: 0)
        try mc.rmdir("/c")
        mc.kernel.runUntilIdle()
        #expect(c.state == .dying)
        kmem.free(o)
        mc.kernel.runUntilIdle()
        #expect(c.state == .freed)
    }

    @Test func reparentingCascadesToTheNearestLiveAncestor() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        _ = try mc.mkdir("/a")
        let b = try mc.mkdir("/a/b")
        let o = try kmem.allocate(kmem.boot("pid"), memcg: b, node: 0)
        try mc.rmdir("/a/b")
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(kmem.memcg(of: o) === mc.root)
        #expect(mc.checkInvariants().isEmpty)
        kmem.free(o)
        mc.drainAllStocks()
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.checkQuiescent().isEmpty)
    }

    @Test func kernelBytesGoThroughTheObjcgAndFollowItToTheParent() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let p = try mc.mkdir("/p")
        let c = try mc.mkdir("/p/c")
        try mc.chargeKernelBytes(c, 16_384, as: .kernelStack)
        let objcg = try #require(kmem.liveObjcg(of: c))
        #expect(objcg.kernelBytes == 16_384)
        #expect(c.kmemSpareBytes == 0)
        try mc.rmdir("/p/c")
        mc.kernel.runUntilIdle()
        #expect(c.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
        mc.uncharge(kernelBytes: 16_384, from: c, as: .kernelStack)
        mc.drainAllStocks()
        #expect(objcg.released)
        #expect(p.memory.usage == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func aLeftoverThatIsNotWholePagesIsReported() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let o = try kmem.allocate(kmem.boot("pid"), memcg: a, node: 0)
        let objcg = try #require(kmem.objcg(of: o))
        kmem.free(o)
        objcg.nrChargedBytes += 8  // a planted accounting bug
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        mc.drainAllStocks()
        #expect(objcg.released)
        #expect(mc.violations.map(\.rule).contains("objcg-leftover"))
    }

    @Test func anInjectedChargeFailureIsENOMEMAndChangesNothing() throws {
        let mc = kmemSystem(.objcg)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        try mc.kernel.faults.setFailureRate(FaultPoints.charge.name, 1)
        let error = #expect(throws: MemcgError.self) { try kmem.allocate(kmem.boot("pid"), memcg: a, node: 0) }
        #expect(error?.errno == .ENOMEM)
        #expect(a.memory.usage == 0)
        #expect(mc.checkInvariants().isEmpty)
    }
}
