import KernelSim
@testable import Memcg
import Testing

/// The three teardown designs of per-memcg caches (seeds 000 and 001).
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

    /// Up to 4.9: a synchronize_sched per cache inside one slab_mutex hold,
    /// under cgroup_mutex; the caches stay until css_free.
    @Test func synchronousHoldsBothMutexesForAGracePeriodPerCache() throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: .synchronous)
        let kmem = mc.kmem
        let (a, _, _) = try populate(mc, caches: 4, keep: false)
        #expect(kmem.childCacheCount == 4)
        let sysfsBefore = kmem.statistics.sysfsDirectories
        let walkedBefore = kmem.statistics.listNodesVisited
        let waitsBefore = mc.kernel.rcuStatistics.synchronousWaits
        let start = mc.kernel.now
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(kmem.childCacheCount == 0)
        #expect(a.state == .freed)
        #expect(mc.kernel.rcuStatistics.synchronousWaits - waitsBefore == 4)
        #expect(mc.cgroupMutex.statistics.maxHold >= mc.kernel.costs.gracePeriod * 4)
        #expect(kmem.slabMutex.statistics.maxHold >= mc.kernel.costs.gracePeriod * 4)
        // The offline walk and the css_free walk each visit the whole list.
        #expect(kmem.statistics.listNodesVisited - walkedBefore >= UInt64(2 * (kmem.rootCaches.count)))
        #expect(kmem.statistics.sysfsDirectories == sysfsBefore - 4)
        // anon_vma is SLAB_TYPESAFE_BY_RCU: one barrier for the memcg.
        #expect(kmem.statistics.cacheRCUBarriers == 1)
        #expect(mc.kernel.now - start >= mc.kernel.costs.gracePeriod * 4)
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.checkQuiescent().isEmpty)
    }

    /// 4.10 (89e364db71fb): one synchronize_sched for the memcg, outside
    /// slab_mutex, between two walks of slab_caches.
    @Test func batchedWaitsOneGracePeriodPerMemcgOutsideSlabMutex() throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: .batched)
        let kmem = mc.kmem
        let (a, _, _) = try populate(mc, caches: 8, keep: false)
        let nodes = UInt64(kmem.rootCaches.count + kmem.childCacheCount)
        let walkedBefore = kmem.statistics.listNodesVisited
        let waitsBefore = mc.kernel.rcuStatistics.synchronousWaits
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(kmem.childCacheCount == 0)
        #expect(mc.kernel.rcuStatistics.synchronousWaits - waitsBefore == 1)
        #expect(mc.cgroupMutex.statistics.maxHold >= mc.kernel.costs.gracePeriod)
        #expect(mc.cgroupMutex.statistics.maxHold < mc.kernel.costs.gracePeriod * 8)
        #expect(kmem.slabMutex.statistics.maxHold < mc.kernel.costs.gracePeriod)
        // Two walks at offline, one at css_free, each of the whole list.
        #expect(kmem.statistics.listNodesVisited - walkedBefore == 3 * nodes)
        #expect(kmem.statistics.cacheRCUBarriers == 1)
        #expect(kmem.statistics.cachesDestroyedAfterBarrier == 2)
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.checkQuiescent().isEmpty)
    }

    /// Up to 4.10 an empty dying cache is not destroyed by a work item of
    /// its own: it stays, sysfs directory and all, until its memcg's
    /// css_free destroys every cache of the memcg at once.
    @Test(arguments: [CacheTeardown.synchronous, .batched])
    func upTo410AChildCacheLivesUntilItsMemcgIsFreed(_ teardown: CacheTeardown) throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: teardown)
        let kmem = mc.kmem
        let (a, _, kept) = try populate(mc, caches: 3, keep: true)
        let object = try #require(kept)
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        // Two caches are empty but stay, with the one that holds `object`.
        #expect(a.state == .dying)
        #expect(kmem.childCacheCount == 3)
        #expect(kmem.dyingCaches == 3)
        #expect(kmem.destroyWorkqueue.statistics.queued == 0)
        let children = kmem.childCaches(of: kmem.boot(KmemBootCaches.all[0].name)) + kmem.childCaches(of: kmem.boot(KmemBootCaches.all[1].name))
        // The empty ones no longer pin the memcg (drained); the one with
        // `object` still does.
        #expect(children.allSatisfy {
            $0.state == (kmem.allocator.activeObjects(of: $0.id) == 0 ? .drained : .dying) && $0.hasSysfsDirectory
        })
        let holder = try #require(kmem.allocator.ownership(of: object).flatMap { kmem.cacheInfo($0.cache) })
        #expect(holder.state == .dying)
        #expect(mc.checkInvariants().isEmpty)
        kmem.free(object)
        // Freed: the memcg goes through release and css_free, and its
        // caches go with it, all in the same destruction.
        var destroyedBeforeFree = false
        while a.state != .freed, mc.kernel.step() {
            if a.state != .freed, kmem.childCacheCount < 3, kmem.childCacheCount > 0 { destroyedBeforeFree = true }
        }
        #expect(!destroyedBeforeFree)
        #expect(a.state == .freed)
        mc.kernel.runUntilIdle()
        #expect(kmem.childCacheCount == 0)
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.checkQuiescent().isEmpty)
    }

    /// The teardown's steps (deactivation, destruction, the barriers)
    /// keep a cache alive only while they wait: once the last one has run,
    /// nothing holds a destroyed cache, in either design and whether the
    /// cache was empty at offline or emptied later. (The controller's
    /// registry keeps freed memcgs until it next compacts, so the memcg is
    /// checked by state.)
    @Test(arguments: [CacheTeardown.synchronous, .batched, .deferred, .reparented])
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
        // The one holding `kept` (from 4.11), or all of them until css_free (up to 4.10).
        #expect(children.filter { $0() != nil }.count == (teardown.destroysEmptyCachesAtOnce ? 1 : 8))
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

    /// Up to 4.10: one rcu_barrier per memcg, on the cgroup destroy
    /// workqueue at css_free, and no destruction work item at all.
    @Test(arguments: [CacheTeardown.synchronous, .batched])
    func upTo410EachMemcgWaitsOneBarrierAtCSSFree(_ teardown: CacheTeardown) throws {
        let mc = try createAndRemoveTwenty(teardown, caches: 3)
        let kmem = mc.kmem
        #expect(kmem.childCacheCount == 0)
        #expect(kmem.statistics.cacheRCUBarriers == 20)
        #expect(kmem.destroyWorkqueue.statistics.queued == 0)
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

    @Test(arguments: [CacheTeardown.synchronous, .batched, .deferred])
    func aDyingCacheLivesUntilItsLastObjectAndPinsItsMemcg(teardown: CacheTeardown) throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: teardown)
        let kmem = mc.kmem
        let (a, _, kept) = try populate(mc, caches: 3, keep: true)
        let object = try #require(kept)
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        // Only slab objects remain, and the memcg stays dying for them
        // (with its empty caches too, up to 4.10).
        #expect(a.state == .dying)
        #expect(kmem.childCacheCount == (teardown == .deferred ? 1 : 3))
        #expect(kmem.dyingCaches == (teardown == .deferred ? 1 : 3))
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

    /// 5.3: a memcg whose only charges are slab objects left in its caches
    /// is freed once it is offline, its caches now charging the parent;
    /// under 4.11 the same objects keep it dying.
    @Test(arguments: [CacheTeardown.deferred, .reparented])
    func reparentingFreesASlabOnlyMemcgPromptly(_ teardown: CacheTeardown) throws {
        let mc = kmemSystem(.perMemcgCaches, teardown: teardown)
        let kmem = mc.kmem
        let p = try mc.mkdir("/p")
        let a = try mc.mkdir("/p/a")
        let caches = KmemBootCaches.all.prefix(3).map { kmem.boot($0.name) }
        for cache in caches { kmem.free(try kmem.allocate(cache, memcg: a, node: 0)) }
        mc.kernel.runUntilIdle()
        let kept = try caches.map { try kmem.allocate($0, memcg: a, node: 0) }
        let pages = a.slabPages[0] + a.slabPages[1]
        #expect(pages > 0)
        try mc.rmdir("/p/a")
        mc.kernel.runUntilIdle()
        #expect(mc.checkInvariants().isEmpty)
        // The dying caches live on, one object each, in either design.
        #expect(kmem.dyingCaches == 3)
        if teardown == .reparented {
            #expect(a.state == .freed)
            #expect(kept.allSatisfy { kmem.memcg(of: $0) === p })
            #expect(p.slabPages[0] + p.slabPages[1] == pages)
            // Charge stocks are drained at offline: the parent holds the pages.
            #expect(p.memory.usage == pages)
            #expect(kmem.statistics.childCachesReparented == 3)
            #expect(p.dyingDescendants == 0)
        } else {
            #expect(a.state == .dying)
            #expect(kept.allSatisfy { kmem.memcg(of: $0) === a })
            #expect(p.dyingDescendants == 1)
        }
        for object in kept { kmem.free(object) }
        mc.kernel.runUntilIdle()
        #expect(kmem.childCacheCount == 0)
        #expect(p.slabPages[0] + p.slabPages[1] == 0)
        #expect(p.memory.usage == 0)
        #expect(a.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
        try mc.rmdir("/p")
        mc.kernel.runUntilIdle()
        #expect(mc.checkQuiescent().isEmpty)
    }

    /// 5.3: every cache of every removed memcg goes to the parent at
    /// offline, and is destroyed once its last page is uncharged (the
    /// SLAB_TYPESAFE_BY_RCU ones a grace period after their last free,
    /// each then through the batched rcu_barrier work).
    @Test func reparentedMovesEveryCacheToTheParent() throws {
        let mc = try createAndRemoveTwenty(.reparented, caches: 6)
        let kmem = mc.kmem
        #expect(kmem.childCacheCount == 0)
        #expect(kmem.statistics.childCachesReparented == 120)
        #expect(kmem.statistics.cachesDestroyedAfterBarrier == 40)
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

extension CacheTeardown {
    /// Whether an empty dying cache goes at once (4.11 on) rather than at
    /// its memcg's css_free (up to 4.10).
    var destroysEmptyCachesAtOnce: Bool { self == .deferred || self == .reparented }
}
