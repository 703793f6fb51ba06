import KernelSim
@testable import Memcg
import Testing

/// Per-memcg child caches: lookup by cache ID, asynchronous creation,
/// page charging, css references.
@Suite struct PerMemcgCacheTests {
    @Test func firstAllocationFallsBackToTheRootAndCreatesTheChildAsynchronously() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let cache = kmem.boot("vm_area_struct")
        let first = try kmem.allocate(cache, memcg: a, node: 0)
        #expect(kmem.allocator.cache(of: first) == cache)
        #expect(kmem.memcg(of: first) == nil)
        #expect(kmem.pendingCreationCount == 1)
        #expect(kmem.statistics.fallbackAllocations == 1)
        mc.kernel.runUntilIdle()
        #expect(kmem.statistics.childCachesCreated == 1)
        let second = try kmem.allocate(cache, memcg: a, node: 0)
        let child = try #require(kmem.cacheInfo(kmem.allocator.cache(of: second)))
        #expect(child.root?.id == cache)
        #expect(child.name == "vm_area_struct(\(a.serial):a)")
        #expect(kmem.memcg(of: second) === a)
        #expect(a.slabPages[0] == kmem.allocator.layout(of: child.id).pagesPerSlab)
        // One reference for the cache, one per charged page.
        #expect(a.externalReferences == 1)
        #expect(mc.checkInvariants().isEmpty)
        kmem.free(first)
        kmem.free(second)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func unaccountedCachesAndTheRootAreNotCharged() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let plain = try kmem.createCache(name: "plain", objectSize: 100)
        let o1 = try kmem.allocate(plain, memcg: a, node: 0)
        let o2 = try kmem.allocate(kmem.boot("pid"), memcg: mc.root, node: 0)
        let o3 = try kmem.allocate(kmem.boot("pid"), memcg: nil, node: 0)
        mc.kernel.runUntilIdle()
        #expect(kmem.statistics.childCachesCreated == 0)
        #expect(a.memory.usage == 0)
        for o in [o1, o2, o3] { kmem.free(o) }
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func kmallocAccountedGoesToAChildOfTheKmallocCache() throws {
        // The per-memcg cache era had no kmalloc-cg caches (5.14).
        let mc = kmemSystem(.perMemcgCaches) { $0.kmallocAccounted = .shared }
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        _ = try kmem.kmalloc(size: 60, memcg: a, node: 0)
        mc.kernel.runUntilIdle()
        let o = try kmem.kmalloc(size: 60, memcg: a, node: 0)
        #expect(kmem.cacheInfo(kmem.allocator.cache(of: o))?.name == "kmalloc-64(\(a.serial):a)")
        #expect(throws: MemcgError.self) { try kmem.kmalloc(size: 100_000, memcg: a, node: 0) }
    }

    @Test func badInputIsAnErrorNotACrash() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let cache = kmem.boot("pid")
        #expect(throws: MemcgError.self) { try kmem.allocate(SlabCacheID(index: 9_999, generation: 0), memcg: a, node: 0) }
        #expect(throws: MemcgError.self) { try kmem.allocate(cache, memcg: a, node: 7) }
        let o = try kmem.allocate(cache, memcg: nil, node: 0)
        kmem.free(o)
        kmem.free(o)
        #expect(mc.violations.map(\.rule) == ["use-after-free"])
    }

    @Test func aFailedPageChargeIsENOMEMAndChangesNothing() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let cache = kmem.boot("files_cache")
        _ = try kmem.allocate(cache, memcg: a, node: 0)
        mc.kernel.runUntilIdle()
        mc.setMax(a, pages: 0)
        mc.drainAllStocks()
        let before = a.memory.usage
        let error = #expect(throws: MemcgError.self) { try kmem.allocate(cache, memcg: a, node: 0) }
        #expect(error?.errno == .ENOMEM)
        #expect(a.memory.usage == before)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func cacheIDArraysGrowWithTheIDsAndTheirMemoryIsKmalloced() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let root = try #require(kmem.cacheInfo(kmem.boot("pid")))
        #expect(root.children.count == 0)
        for i in 0..<5 { _ = try mc.mkdir("/c\(i)") }
        #expect(root.children.count == mc.cacheIDArraySize)
        #expect(mc.cacheIDArraySize == 10)
        let array = try #require(root.childArrayObject)
        #expect(kmem.allocator.name(of: kmem.allocator.cache(of: array)) == "kmalloc-96")
    }

    @Test func aDyingMemcgAllocatesFromItsParentsCache() throws {
        let mc = kmemSystem(.perMemcgCaches)
        let kmem = mc.kmem
        let p = try mc.mkdir("/p")
        let c = try mc.mkdir("/p/c")
        let cache = kmem.boot("pid")
        _ = try kmem.allocate(cache, memcg: p, node: 0)
        mc.kernel.runUntilIdle()
        try mc.chargeAnon(c, pages: 1)  // keeps c dying after rmdir
        try mc.rmdir("/p/c")
        mc.kernel.runUntilIdle()
        #expect(c.state == .dying)
        let o = try kmem.allocate(cache, memcg: c, node: 0)
        #expect(kmem.memcg(of: o) === p)
    }
}
