import KernelSim
@testable import Memcg
import Testing

/// The eager and lazy designs: what they allocate, when, and what happens
/// to a dying memcg's lists.
@Suite struct ListLRUDesignTests {
    @Test(arguments: ListLRUDesign.allCases)
    func itemsGoOnTheirMemcgsListAndCountsAreExact(design: ListLRUDesign) throws {
        let mc = makeController(design, nodes: 2)
        let a = try mc.mkdir("/a"), b = try mc.mkdir("/a/b")
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true)
        try lru.prepareLists(for: b)
        var next: UInt32 = 0
        func add(_ memcg: MemCgroup?, node: Int, _ n: Int) {
            for _ in 0..<n {
                #expect(lru.add(ListLRUItem(next), node: node, memcg: memcg))
                next += 1
            }
        }
        add(a, node: 0, 3)
        add(b, node: 0, 2)
        add(b, node: 1, 4)
        add(nil, node: 1, 1)
        #expect(lru.count(node: 0, memcg: a) == 3)
        #expect(lru.count(node: 1, memcg: a) == 0)
        #expect(lru.count(node: 0, memcg: b) == 2)
        #expect(lru.count(node: 1, memcg: b) == 4)
        #expect(lru.count(node: 1, memcg: mc.root) == 1)
        #expect(lru.count(node: 0) == 5 && lru.count(node: 1) == 5)
        // Item 3 is b's, on node 0.
        #expect(lru.delete(ListLRUItem(3), node: 0, memcg: b))
        #expect(lru.count(node: 0, memcg: b) == 1)
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.violations.isEmpty)
    }

    /// RCU frees queued by a registry, and the rstat flush timer, hold
    /// links their owners clear when freed: a kernel that outlives its
    /// controller runs them as no-ops.
    @Test func callbacksThatOutliveTheirOwnersDoNothing() throws {
        let kernel: Kernel
        weak var gone: ListLRURegistry?
        do {
            let mc = makeController(.eager, nodes: 1) { $0.vmstat = .rstat }
            let registry = mc.listLRUs
            _ = try registry.makeListLRU(name: "lru", memcgAware: true)
            for i in 0..<11 { try mc.mkdir("/m\(i)") }
            #expect(registry.pendingFrees > 0)
            gone = registry
            kernel = mc.kernel
        }
        #expect(gone == nil)
        #expect(kernel.rcuPendingCallbacks > 0)
        kernel.runUntilIdle()
        kernel.advance(by: .seconds(10))  // the periodic flush fires too
        #expect(kernel.rcuPendingCallbacks == 0)
    }

    /// Every memcg-aware list_lru holds nodes x memcg_nr_cache_ids lists
    /// of kmalloc-32, grown with each new cache ID that does not fit.
    @Test func eagerAllocatesAListPerCacheIDPerNodeUpFrontAndGrowsThemAll() throws {
        let mc = makeController(.eager, nodes: 3)
        let registry = mc.listLRUs
        let lrus = try (0..<4).map { try registry.makeListLRU(name: "lru\($0)", memcgAware: true) }
        _ = try registry.makeListLRU(name: "plain", memcgAware: false)
        #expect(mc.cacheIDArraySize == 0 && mc.kmalloc32Objects == 0)
        for i in 0..<11 { try mc.mkdir("/m\(i)") }
        // IDs 0...10: the size went 4, 10, 22.
        #expect(mc.cacheIDArraySize == 22)
        #expect(registry.statistics.arrayGrowths == 3)
        #expect(registry.statistics.lists == 4 * 3 * 22)
        #expect(mc.kmalloc32Objects == 4 * 3 * 22, "counted by the slab allocator")
        #expect(registry.statistics.listBytes == 4 * 3 * 22 * 32)
        #expect(lrus.allSatisfy { $0.allocatedLists == 3 * 22 })
        // A list_lru made now gets the current size at once.
        let late = try registry.makeListLRU(name: "late", memcgAware: true)
        #expect(late.allocatedLists == 3 * 22)
        #expect(mc.kmalloc32Objects == 5 * 3 * 22)
        // The replaced arrays are freed after a grace period.
        #expect(registry.pendingFrees > 0)
        mc.kernel.runUntilIdle()
        #expect(registry.pendingFrees == 0)
        for lru in lrus + [late] { registry.destroy(lru) }
        #expect(mc.kmalloc32Objects == 0)
        #expect(registry.statistics.lists == 0 && registry.statistics.arrayBytes == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func lazyAllocatesListsForTheMemcgAndMissingAncestorsOnly() throws {
        let mc = makeController(.lazy, nodes: 2)
        let a = try mc.mkdir("/a"), b = try mc.mkdir("/a/b"), c = try mc.mkdir("/c")
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true)
        let other = try mc.listLRUs.makeListLRU(name: "unused", memcgAware: true)
        #expect(mc.listLRUs.statistics.lists == 0)
        try lru.prepareLists(for: b)
        #expect(lru.hasLists(for: a) && lru.hasLists(for: b) && !lru.hasLists(for: c))
        #expect(!other.hasLists(for: b))
        #expect(mc.listLRUs.statistics.lists == 2 * 2)
        #expect(mc.listLRUs.statistics.listAllocations == 2)
        try lru.prepareLists(for: b)
        #expect(mc.listLRUs.statistics.listAllocations == 2, "a memcg with lists gets no more")
        // 16 + 24 * 2 bytes: kmalloc-64; nothing in kmalloc-32.
        #expect(mc.listLRUs.statistics.listBytes == 2 * 64)
        #expect(mc.kmalloc32Objects == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func lazyAddWithoutListsForAnOnlineMemcgIsAModelViolation() throws {
        let mc = makeController(.lazy, nodes: 1)
        let a = try mc.mkdir("/a")
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true)
        lru.add(ListLRUItem(0), node: 0, memcg: a)
        #expect(mc.violations.map(\.rule) == ["list_lru-no-list"])
    }

    @Test func lazyDyingMemcgGetsNoNewListsAndItsObjectsGoToTheParent() throws {
        let mc = makeController(.lazy, nodes: 1)
        let a = try mc.mkdir("/a"), b = try mc.mkdir("/a/b")
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true)
        try lru.prepareLists(for: a)
        try mc.rmdir("/a/b")  // dying, offline not run yet
        try lru.prepareLists(for: b)
        #expect(!lru.hasLists(for: b))
        lru.add(ListLRUItem(0), node: 0, memcg: b)
        #expect(lru.count(node: 0, memcg: a) == 1)
        #expect(lru.delete(ListLRUItem(0), node: 0, memcg: b))
        #expect(mc.violations.isEmpty)
    }

    /// At offline the items move to the parent's list, the memcg resolves to
    /// the parent from then on, and the parent's shrinker bit is set.
    @Test(arguments: ListLRUDesign.allCases)
    func offlineReparentsItemsToTheParent(design: ListLRUDesign) throws {
        let mc = makeController(design, nodes: 2)
        let a = try mc.mkdir("/a"), b = try mc.mkdir("/a/b")
        let shrinker = Shrinker(name: "s", flags: [.memcgAware, .numaAware], count: { _ in nil }, scan: { _ in 0 })
        try mc.shrinkers.register(shrinker)
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true, shrinkerID: shrinker.id)
        try lru.prepareLists(for: b)
        for i in 0..<5 { lru.add(ListLRUItem(UInt32(i)), node: i % 2, memcg: b) }
        lru.add(ListLRUItem(5), node: 0, memcg: a)
        #expect(!mc.shrinkers.isBitSet(a, node: 1, shrinkerID: shrinker.id!))
        try mc.remove("/a/b")
        #expect(b.listLRUsReparented)
        #expect(lru.count(node: 0, memcg: a) == 4)
        #expect(lru.count(node: 1, memcg: a) == 2)
        #expect(lru.count(node: 0, memcg: b) == 4, "a dead memcg resolves to its parent")
        #expect(mc.shrinkers.isBitSet(a, node: 1, shrinkerID: shrinker.id!))
        #expect(mc.listLRUs.statistics.reparentedItems == 5)
        // The parent's list keeps its own item first, then b's in order.
        var order: [UInt32] = []
        var budget = 10
        lru.walk(node: 0, memcg: a, budget: &budget) { item in
            order.append(item.index)
            return .skip
        }
        #expect(order == [5, 0, 2, 4])
        #expect(lru.delete(ListLRUItem(2), node: 0, memcg: b))
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.violations.isEmpty)
        switch design {
        case .eager:
            // The slot stays allocated and goes to the next memcg with the ID.
            #expect(lru.allocatedLists == 2 * mc.cacheIDArraySize)
            let c = try mc.mkdir("/c")
            #expect(c.cacheID == 1)
            #expect(lru.count(node: 0, memcg: c) == 0)
        case .lazy:
            #expect(lru.allocatedLists == 2, "only a's lists are left")
            mc.kernel.runUntilIdle()
            #expect(mc.listLRUs.pendingFrees == 0)
        }
    }

    @Test(arguments: ListLRUDesign.allCases)
    func teardownLeavesNoListsAndNoSlabObjects(design: ListLRUDesign) throws {
        let mc = makeController(design, nodes: 2)
        // The kmem layer's own boot-time objects (cache structures) stay.
        let baseline = Dictionary(uniqueKeysWithValues: mc.slab.caches.map { ($0, mc.slab.statistics(of: $0).activeObjects) })
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true)
        for i in 0..<6 {
            let m = try mc.mkdir("/m\(i)")
            try lru.prepareLists(for: m)
            lru.add(ListLRUItem(UInt32(i)), node: i % 2, memcg: m)
        }
        for i in 0..<6 { try mc.rmdir("/m\(i)") }
        mc.kernel.runUntilIdle()
        #expect(lru.count(node: 0, memcg: nil) + lru.count(node: 1, memcg: nil) == 6)
        #expect(mc.checkQuiescent().isEmpty)
        for i in 0..<6 { lru.delete(ListLRUItem(UInt32(i)), node: i % 2, memcg: nil) }
        mc.listLRUs.destroy(lru)
        #expect(mc.listLRUs.statistics.bytes == 0)
        let slab = mc.slab
        #expect(slab.caches.allSatisfy { slab.statistics(of: $0).activeObjects == baseline[$0] ?? 0 })
        #expect(mc.checkInvariants().isEmpty && mc.violations.isEmpty)
    }

    @Test func anInjectedFailureAtInitIsENOMEMAndLeavesNothingBehind() throws {
        let mc = makeController(.eager, nodes: 1)
        for i in 0..<3 { try mc.mkdir("/m\(i)") }
        let registry = mc.listLRUs
        try mc.kernel.faults.setFailureRate(SlabAllocator.pageAllocFaultPoint.name, 1)
        #expect(throws: MemcgError.self) { try registry.makeListLRU(name: "x", memcgAware: true) }
        try mc.kernel.faults.setFailureRate(SlabAllocator.pageAllocFaultPoint.name, 0)
        #expect(registry.statistics.bytes == 0 && registry.all.isEmpty)
    }
}
