import KernelSim
@testable import Memcg
import Testing

/// shrink_slab: which shrinkers are called, how much they are asked to
/// scan, the bitmaps and the deferred work.
@Suite struct ShrinkerTests {
    /// A shrinker over a plain count per memcg, recording each scan request.
    final class FakeCache {
        var objects: [ObjectIdentifier: Int] = [:]
        var requests: [Int] = []
        var calls = 0
        lazy var shrinker = Shrinker(
            name: "fake", flags: [.memcgAware, .numaAware],
            count: { [unowned self] sc in
                self.calls += 1
                let n = self.objects[ObjectIdentifier(sc.memcg)] ?? 0
                return n == 0 ? nil : n
            },
            scan: { [unowned self] sc in
                self.requests.append(sc.nrToScan)
                let key = ObjectIdentifier(sc.memcg)
                let freed = min(sc.nrToScan, self.objects[key] ?? 0)
                self.objects[key, default: 0] -= freed
                return freed
            })
    }

    /// A registered FakeCache holding `objects` in `memcg` on node 0, with
    /// the memcg's bit for it set.
    private func fakeCache(_ mc: MemoryController, holding objects: Int, in memcg: MemCgroup) throws -> FakeCache {
        let cache = FakeCache()
        try mc.shrinkers.register(cache.shrinker)
        cache.objects[ObjectIdentifier(memcg)] = objects
        mc.shrinkers.setBit(memcg, node: 0, shrinkerID: cache.shrinker.id!)
        return cache
    }

    @Test func scanTargetFollowsPrioritySeeksAndBatches() throws {
        let mc = makeController(nodes: 1)
        let a = try mc.mkdir("/a")
        let cache = try fakeCache(mc, holding: 1_000, in: a)
        // Priority 12: 1000 >> 12 is 0, nothing to scan, nothing deferred.
        #expect(mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 12) == 0)
        #expect(cache.requests.isEmpty)
        // Priority 0: 4 * 1000 / seeks 2 = 2000, capped at twice the count;
        // batches of 128 while at least a batch is left: 15 of them.
        #expect(mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0) == 1_000)
        #expect(cache.requests == Array(repeating: 128, count: 15))
        // 2000 wanted, 1920 scanned: 80 deferred to the memcg's next call.
        #expect(mc.shrinkers.deferred(cache.shrinker, node: 0, memcg: a) == 80)
    }

    @Test func smallCachesAreScannedWholeAtHighPressure() throws {
        let mc = makeController(nodes: 1)
        let a = try mc.mkdir("/a")
        let cache = try fakeCache(mc, holding: 10, in: a)
        #expect(mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0) == 10)
        #expect(cache.requests == [20])
    }

    @Test func theBitmapDecidesWhichShrinkersMemcgReclaimCalls() throws {
        let mc = makeController(nodes: 1)
        let a = try mc.mkdir("/a")
        let caches = [FakeCache(), FakeCache(), FakeCache()]
        for cache in caches { try mc.shrinkers.register(cache.shrinker) }
        caches[1].objects[ObjectIdentifier(a)] = 500
        mc.shrinkers.setBit(a, node: 0, shrinkerID: caches[1].shrinker.id!)
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(caches.map(\.calls) == [0, 1, 0])
        // Now empty: the next call finds nothing, clears the bit after a second look.
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(caches[1].calls == 3)
        #expect(mc.shrinkers.setBits(a, node: 0).isEmpty)
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(caches.map(\.calls) == [0, 3, 0], "with the bit clear it is not called")
    }

    @Test func beforeTheBitmapEveryMemcgAwareShrinkerIsCalled() throws {
        let mc = makeController(nodes: 1) { $0.shrinkerBitmap = .callAll }
        let a = try mc.mkdir("/a")
        let caches = [FakeCache(), FakeCache(), FakeCache()]
        for cache in caches { try mc.shrinkers.register(cache.shrinker) }
        var unaware = 0
        try mc.shrinkers.register(Shrinker(name: "global", flags: [], count: { _ in unaware += 1; return nil }, scan: { _ in 0 }))
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(caches.map(\.calls) == [1, 1, 1])
        #expect(unaware == 0, "shrinkers that are not memcg-aware run only for the root")
        mc.shrinkers.shrinkSlab(memcg: mc.root, node: 0, priority: 0)
        #expect(unaware == 1)
    }

    @Test func anOfflineMemcgIsNotShrunk() throws {
        let mc = makeController(nodes: 1)
        let a = try mc.mkdir("/a")
        let cache = FakeCache()
        try mc.shrinkers.register(cache.shrinker)
        mc.shrinkers.setBit(a, node: 0, shrinkerID: cache.shrinker.id!)
        try mc.rmdir("/a")
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(cache.calls == 0)
    }

    @Test(arguments: [ShrinkerDeferred.global, .perMemcg])
    func deferredWorkLivesWhereTheDesignSaysAndIsReparentedAtOffline(deferred: ShrinkerDeferred) throws {
        let mc = makeController(nodes: 1) { $0.shrinkerDeferred = deferred }
        let a = try mc.mkdir("/a"), b = try mc.mkdir("/a/b")
        let cache = try fakeCache(mc, holding: 1_000, in: b)
        mc.shrinkers.shrinkSlab(memcg: b, node: 0, priority: 0)
        switch deferred {
        case .global:
            #expect(cache.shrinker.deferred(node: 0) == 80)
            #expect(mc.shrinkers.deferred(cache.shrinker, node: 0, memcg: a) == 80, "shared by every memcg")
        case .perMemcg:
            #expect(cache.shrinker.deferred(node: 0) == 0)
            #expect(mc.shrinkers.deferred(cache.shrinker, node: 0, memcg: b) == 80)
            try mc.remove("/a/b")
            #expect(mc.shrinkers.deferred(cache.shrinker, node: 0, memcg: a) == 80)
            #expect(mc.shrinkers.statistics.reparentedDeferred == 80)
        }
    }

    @Test func aStaleBitOfAnUnregisteredShrinkerIsCleared() throws {
        let mc = makeController(nodes: 1)
        let a = try mc.mkdir("/a")
        let cache = FakeCache()
        try mc.shrinkers.register(cache.shrinker)
        let id = cache.shrinker.id!
        mc.shrinkers.setBit(a, node: 0, shrinkerID: id)
        mc.shrinkers.unregister(cache.shrinker)
        #expect(mc.shrinkers.isBitSet(a, node: 0, shrinkerID: id))
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(!mc.shrinkers.isBitSet(a, node: 0, shrinkerID: id))
        // The ID is reused by the next memcg-aware shrinker.
        let again = FakeCache()
        try mc.shrinkers.register(again.shrinker)
        #expect(again.shrinker.id == id)
        #expect(throws: MemcgError.self) { try mc.shrinkers.register(again.shrinker) }
    }

    @Test func listsGoingNonEmptySetTheBitOnTheirNode() throws {
        let mc = makeController(.lazy, nodes: 2)
        let a = try mc.mkdir("/a")
        let cache = FakeCache()
        try mc.shrinkers.register(cache.shrinker)
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true, shrinkerID: cache.shrinker.id)
        try lru.prepareLists(for: a)
        lru.add(ListLRUItem(0), node: 1, memcg: a)
        #expect(mc.shrinkers.setBits(a, node: 1) == [cache.shrinker.id!])
        #expect(mc.shrinkers.setBits(a, node: 0).isEmpty)
        // A clear bit with items on the list is an invariant violation.
        a.shrinkerInfo[1].clear(cache.shrinker.id!)
        #expect(mc.checkInvariants().map(\.rule) == ["shrinker-bitmap"])
    }
}
