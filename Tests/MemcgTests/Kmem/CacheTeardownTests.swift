import KernelSim
@testable import Memcg
import Testing

/// The two teardown designs of per-memcg caches (seeds 000 and 001).
@Suite struct CacheTeardownTests {
    /// /a with one object in each of `caches` boot caches (child caches
    /// created), plus an object kept past rmdir in the first cache if asked.
    private func populate(_ mc: MemoryController, caches: Int, keep: Bool) throws -> (MemCgroup, [SlabObject], SlabObject?) {
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        var objects: [SlabObject] = []
        for spec in KmemBootCaches.all.prefix(caches) {
            objects.append(try kmem.allocate(kmem.boot(spec.name), memcg: a, node: 0))
        }
        mc.kernel.runUntilIdle()
        for spec in KmemBootCaches.all.prefix(caches) {
            objects.append(try kmem.allocate(kmem.boot(spec.name), memcg: a, node: 0))
        }
        let kept = keep ? objects.removeLast() : nil
        for o in objects { kmem.free(o) }
        return (a, objects, kept)
    }

    @Test func synchronousHoldsCgroupMutexForAGracePeriodPerCache() throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: .synchronous)
        let kmem = mc.kmem
        let (a, _, _) = try populate(mc, caches: 4, keep: false)
        #expect(kmem.childCacheCount == 4)
        let sysfsBefore = kmem.statistics.sysfsDirectories
        let walkedBefore = kmem.statistics.listNodesVisited
        let start = mc.kernel.now
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(kmem.childCacheCount == 0)
        #expect(a.state == .freed)
        let hold = mc.cgroupMutex.statistics.maxHold
        #expect(hold >= mc.kernel.costs.gracePeriod * 4)
        // The offline walk and the release walk each visit the whole list.
        #expect(kmem.statistics.listNodesVisited - walkedBefore >= UInt64(2 * (kmem.rootCaches.count)))
        #expect(kmem.statistics.sysfsDirectories == sysfsBefore - 4)
        // anon_vma is SLAB_TYPESAFE_BY_RCU: one synchronous barrier for it.
        #expect(kmem.statistics.cacheRCUBarriers == 1)
        #expect(mc.kernel.now - start >= mc.kernel.costs.gracePeriod * 4)
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.checkQuiescent().isEmpty)
    }

    /// The teardown's steps (deactivation, destruction, the barriers)
    /// keep a cache alive only while they wait: once the last one has run,
    /// nothing holds a destroyed cache, in either design and whether the
    /// cache was empty at offline or emptied later. (The controller's
    /// registry keeps freed memcgs until it next compacts, so the memcg is
    /// checked by state.)
    @Test(arguments: [CacheTeardown.synchronous, .deferred])
    func destroyedCachesAndTheirMemcgAreReleased(_ teardown: CacheTeardown) throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: teardown)
        let kmem = mc.kmem
        var memcg: MemCgroup?
        var children: [() -> KmemCache?] = []
        var kept: SlabObject?
        do {
            let (a, _, object) = try populate(mc, caches: 8, keep: true)
            memcg = a
            kept = object
            for spec in KmemBootCaches.all.prefix(8) {
                for child in kmem.childCaches(of: kmem.boot(spec.name)) where child.memcg === a {
                    children.append { [weak child] in child }
                }
            }
        }
        #expect(children.count == 8)
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(children.filter { $0() != nil }.count == 1)  // the one holding `kept`
        kmem.free(try #require(kept))
        mc.kernel.runUntilIdle()
        #expect(children.allSatisfy { $0() == nil })
        #expect(memcg?.state == .freed)
        #expect(mc.checkQuiescent().isEmpty)
    }

    @Test func deferredBatchesTheGracePeriodsAndHoldsCgroupMutexBriefly() throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: .deferred)
        let kmem = mc.kmem
        let (a, _, _) = try populate(mc, caches: 8, keep: false)
        let gpBefore = mc.kernel.rcuStatistics.gracePeriods
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(kmem.childCacheCount == 0)
        #expect(mc.cgroupMutex.statistics.maxHold < mc.kernel.costs.gracePeriod)
        // rmdir's own grace period, the deactivation callbacks, the barrier,
        // the release: a handful, not one per cache.
        #expect(mc.kernel.rcuStatistics.gracePeriods - gpBefore <= 5)
        // The two SLAB_TYPESAFE_BY_RCU caches wait for barriers run by a
        // system work item, not by the destruction items themselves.
        #expect(kmem.statistics.cacheRCUBarriers <= 2)
        #expect(kmem.statistics.cachesDestroyedAfterBarrier == 2)
        #expect(kmem.cacheWorkqueue.statistics.peakActive == 1)
        #expect(mc.checkQuiescent().isEmpty)
    }

    /// 20 cgroups each leave an empty child cache in the first `caches`
    /// boot caches, then are all removed and run to the end.
    private func createAndRemoveTwenty(_ teardown: CacheTeardown, caches: Int) throws -> MemoryController {
        let mc = kmemSystem(.perMemcgCaches, teardown: teardown)
        let kmem = mc.kmem
        for i in 0..<20 {
            let m = try mc.mkdir("/m\(i)")
            for spec in KmemBootCaches.all.prefix(caches) { kmem.free(try kmem.allocate(kmem.boot(spec.name), memcg: m, node: 0)) }
        }
        mc.kernel.runUntilIdle()
        for i in 0..<20 { try mc.rmdir("/m\(i)") }
        mc.kernel.runUntilIdle()
        return mc
    }

    @Test func synchronousDestructionsPileUpOnWorkersBehindTheBarrier() throws {
        let mc = try createAndRemoveTwenty(.synchronous, caches: 3)
        let kmem = mc.kmem
        #expect(kmem.childCacheCount == 0)
        #expect(kmem.statistics.cacheRCUBarriers == 20)
        #expect(kmem.destroyWorkqueue.statistics.peakActive >= 1)
        #expect(mc.checkQuiescent().isEmpty)
    }

    @Test func deferredBatchesTheBarriersOfManyCaches() throws {
        let mc = try createAndRemoveTwenty(.deferred, caches: 6)
        let kmem = mc.kmem
        #expect(kmem.childCacheCount == 0)
        #expect(kmem.statistics.cachesDestroyedAfterBarrier == 40)
        #expect(kmem.statistics.cacheRCUBarriers < 10)
        #expect(mc.checkQuiescent().isEmpty)
    }

    @Test(arguments: [CacheTeardown.synchronous, .deferred])
    func aDyingCacheLivesUntilItsLastObjectAndPinsItsMemcg(teardown: CacheTeardown) throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: teardown)
        let kmem = mc.kmem
        let (a, _, kept) = try populate(mc, caches: 3, keep: true)
        let object = try #require(kept)
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        // Only slab objects remain, and the memcg stays dying for them.
        #expect(a.state == .dying)
        #expect(kmem.childCacheCount == 1)
        #expect(kmem.dyingCaches == 1)
        let dying = try #require(kmem.cacheInfo(kmem.allocator.cache(of: object)))
        #expect(dying.state == .dying)
        // Deferred removes sysfs of empty dying caches only; this one has an object.
        #expect(dying.hasSysfsDirectory)
        #expect(kmem.memcg(of: object) === a)
        #expect(mc.checkInvariants().isEmpty)
        kmem.free(object)
        mc.kernel.runUntilIdle()
        #expect(dying.state == .destroyed)
        #expect(a.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.checkQuiescent().isEmpty)
    }

    @Test func deferredRemovesTheSysfsDirectoryOfAnEmptyDyingCacheAtDeactivation() throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: .deferred)
        let kmem = mc.kmem
        _ = try populate(mc, caches: 1, keep: false)
        let child = try #require(kmem.childCaches(of: kmem.boot("vm_area_struct")).first)
        try mc.rmdir("/a")
        // Run until the deactivation work has run but before destruction.
        while child.state != .destroying && child.state != .destroyed { mc.kernel.step() }
        #expect(!child.hasSysfsDirectory)
        mc.kernel.runUntilIdle()
        #expect(child.state == .destroyed)
    }

    @Test func typesafeByRCUPagesStayChargedUntilTheGracePeriod() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let cache = kmem.boot("anon_vma")
        _ = try kmem.allocate(cache, memcg: a, node: 0)
        mc.kernel.runUntilIdle()
        // Fill more than min_partial slabs, then free them all.
        var objects: [SlabObject] = []
        let child = try #require(kmem.childCaches(of: cache).first)
        let perSlab = kmem.allocator.layout(of: child.id).objectsPerSlab
        for _ in 0..<(perSlab * 12) { objects.append(try kmem.allocate(cache, memcg: a, node: 0)) }
        let charged = a.slabPages[0]
        for o in objects { kmem.free(o) }
        #expect(child.rcuPendingPages > 0)
        #expect(a.slabPages[0] == charged)
        #expect(mc.checkInvariants().isEmpty)
        mc.kernel.runUntilIdle()
        #expect(child.rcuPendingPages == 0)
        #expect(a.slabPages[0] < charged)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func creationForAMemcgThatWentOfflineIsAborted() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        kmem.free(try kmem.allocate(kmem.boot("pid"), memcg: a, node: 0))
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(kmem.statistics.childCacheCreationsAborted + kmem.statistics.childCachesCreated == 1)
        #expect(kmem.childCacheCount == 0)
        #expect(a.state == .freed)
        #expect(mc.checkQuiescent().isEmpty)
    }

    @Test func aFailedCreationLeavesTheMemcgOnTheRootCacheAndIsRetried() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        try mc.kernel.faults.setFailureRate(KmemAccounting.cacheCreateFaultPoint.name, 1)
        kmem.free(try kmem.allocate(kmem.boot("pid"), memcg: a, node: 0))
        mc.kernel.runUntilIdle()
        #expect(kmem.statistics.childCacheCreationsAborted == 1)
        try mc.kernel.faults.setFailureRate(KmemAccounting.cacheCreateFaultPoint.name, 0)
        kmem.free(try kmem.allocate(kmem.boot("pid"), memcg: a, node: 0))
        mc.kernel.runUntilIdle()
        #expect(kmem.statistics.childCachesCreated == 1)
        #expect(mc.checkInvariants().isEmpty)
    }
}
