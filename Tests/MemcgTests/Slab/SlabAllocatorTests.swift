import Testing
import KernelSim
@testable import Memcg

@Suite struct SlabAllocatorTests {
    @Test func allocateAndFreeRoundTrip() throws {
        let (_, slab) = makeSlab()
        let cache = try slab.createCache(name: "dentry", objectSize: 192, flags: [.reclaimAccount, .account])
        let a = try #require(slab.allocate(cache, node: 0))
        let b = try #require(slab.allocate(cache, node: 0))
        #expect(a != b)
        #expect(slab.isAllocated(a) && slab.isAllocated(b))
        #expect(slab.statistics(of: cache).activeObjects == 2)
        slab.free(a)
        #expect(!slab.isAllocated(a))
        #expect(slab.isAllocated(b))
        #expect(slab.statistics(of: cache).activeObjects == 1)
        // The freed slot is the lowest free one, so it is handed out again.
        let c = try #require(slab.allocate(cache, node: 0))
        #expect(c == a)
        slab.free(b)
        slab.free(c)
        #expect(slab.statistics(of: cache).activeObjects == 0)
        #expect(slab.invariantViolations().isEmpty)
    }

    @Test func handleLeadsBackToCacheSlabNodeOwnerAndTag() throws {
        let (_, slab) = makeSlab(cpus: 8, nodes: 2)
        let root = try slab.createCache(name: "inode_cache", objectSize: 600, flags: .reclaimAccount)
        let child = try slab.createCache(name: "inode_cache(12:job)", objectSize: 600, flags: .reclaimAccount,
                                         owner: 12, root: root)
        let x = try #require(slab.allocate(root, node: 1))
        let y = try #require(slab.allocate(child, node: 0, objectTag: 77))
        let z = try #require(slab.allocate(child, node: 1))
        #expect(slab.cache(of: x) == root && slab.node(of: x) == 1 && slab.owner(of: x) == 0 && slab.tag(of: x) == 0)
        #expect(slab.cache(of: y) == child && slab.node(of: y) == 0 && slab.owner(of: y) == 12 && slab.tag(of: y) == 77)
        #expect(slab.cache(of: z) == child && slab.node(of: z) == 1 && slab.tag(of: z) == 0)
        #expect(slab.root(of: child) == root && slab.root(of: root) == nil)
        // Handles survive a round trip through their raw value.
        #expect(slab.cache(of: SlabObject(rawValue: y.rawValue)) == child)
        #expect(slab.statistics(of: child, node: 0).activeObjects == 1)
        #expect(slab.statistics(of: child, node: 1).activeObjects == 1)
    }

    @Test func slabsMoveBetweenEmptyPartialAndFull() throws {
        let (_, slab) = makeSlab()
        let cache = try slab.createCache(name: "k256", objectSize: 256)   // 16 per slab
        var objects: [SlabObject] = []
        objects.append(try #require(slab.allocate(cache, node: 0)))
        var s = slab.statistics(of: cache)
        #expect(s.partialSlabs == 1 && s.fullSlabs == 0 && s.emptySlabs == 0 && s.slabs == 1)
        for _ in 1..<16 { objects.append(try #require(slab.allocate(cache, node: 0))) }
        s = slab.statistics(of: cache)
        #expect(s.partialSlabs == 0 && s.fullSlabs == 1 && s.objects == 16 && s.activeObjects == 16)
        objects.append(try #require(slab.allocate(cache, node: 0)))
        s = slab.statistics(of: cache)
        #expect(s.partialSlabs == 1 && s.fullSlabs == 1 && s.slabs == 2 && s.objects == 32)
        // Freeing from the full slab makes it partial again.
        slab.free(objects[0])
        s = slab.statistics(of: cache)
        #expect(s.partialSlabs == 2 && s.fullSlabs == 0)
        // Emptying a slab keeps it (fewer than min_partial slabs around).
        for object in objects[1..<16] { slab.free(object) }
        s = slab.statistics(of: cache)
        #expect(s.partialSlabs == 1 && s.emptySlabs == 1 && s.slabs == 2 && s.activeObjects == 1)
        #expect(slab.invariantViolations().isEmpty)
        // An empty slab is reused before a new one is made.
        let before = slab.slabsAllocated
        for _ in 0..<15 { _ = try #require(slab.allocate(cache, node: 0)) }
        #expect(slab.slabsAllocated == before)
        #expect(slab.invariantViolations().isEmpty)
    }

    @Test func emptySlabsBeyondMinPartialAreFreed() throws {
        let (_, slab) = makeSlab()
        let observer = RecordingSlabObserver()
        slab.observer = observer
        let cache = try slab.createCache(name: "k64", objectSize: 64)   // 64 per slab, min_partial 5
        #expect(slab.layout(of: cache).minPartial == 5)
        var objects: [SlabObject] = []
        for _ in 0..<(64 * 8) { objects.append(try #require(slab.allocate(cache, node: 0))) }
        #expect(slab.statistics(of: cache).slabs == 8)
        for object in objects { slab.free(object) }
        let s = slab.statistics(of: cache)
        #expect(s.activeObjects == 0)
        #expect(s.emptySlabs == 5 && s.slabs == 5)
        #expect(observer.netPages(cache) == 5)
        #expect(slab.shrink(cache) == 5)
        #expect(slab.statistics(of: cache).slabs == 0)
        #expect(observer.netPages(cache) == 0)
        #expect(slab.shrink(cache) == 0)
        #expect(slab.invariantViolations().isEmpty)
    }

    @Test func shrinkLeavesPartialAndFullSlabs() throws {
        let (_, slab) = makeSlab(cpus: 4, nodes: 2)
        let cache = try slab.createCache(name: "k128", objectSize: 128)   // 32 per slab
        var nodeZero: [SlabObject] = []
        for _ in 0..<64 { nodeZero.append(try #require(slab.allocate(cache, node: 0))) }
        let kept = try #require(slab.allocate(cache, node: 1))
        for object in nodeZero[32...] { slab.free(object) }
        #expect(slab.statistics(of: cache).emptySlabs == 1)
        #expect(slab.shrink(cache) == 1)
        let s = slab.statistics(of: cache)
        #expect(s.fullSlabs == 1 && s.partialSlabs == 1 && s.emptySlabs == 0)
        #expect(slab.statistics(of: cache, node: 1).partialSlabs == 1)
        #expect(slab.isAllocated(kept))
    }

    @Test func destroyNeedsAnEmptyCacheAndRemovesIt() throws {
        let (_, slab) = makeSlab()
        let observer = RecordingSlabObserver()
        slab.observer = observer
        let before = slab.caches
        let cache = try slab.createCache(name: "radix_tree_node", objectSize: 576, flags: .reclaimAccount)
        #expect(slab.caches == before + [cache])
        let object = try #require(slab.allocate(cache, node: 0))
        #expect(throws: SlabError.cacheBusy(name: "radix_tree_node", activeObjects: 1)) { try slab.destroyCache(cache) }
        #expect(slab.contains(cache))
        slab.free(object)
        try slab.destroyCache(cache)
        #expect(!slab.contains(cache))
        #expect(slab.caches == before)
        #expect(observer.netPages(cache) == 0)
        #expect(throws: SlabError.unknownCache(cache)) { try slab.destroyCache(cache) }
        // The slot is reused under a new generation; the old ID stays dead.
        let next = try slab.createCache(name: "other", objectSize: 40)
        #expect(next.index == cache.index && next != cache)
        #expect(!slab.contains(cache))
        #expect(slab.serial(of: next) > slab.serial(of: before.last!))
        #expect(throws: SlabError.self) { try slab.destroyCache(slab.kmallocCaches[0]) }
        #expect(slab.invariantViolations().isEmpty)
    }

    @Test func injectedPageFailureChangesNothing() throws {
        let (kernel, slab) = makeSlab()
        let observer = RecordingSlabObserver()
        slab.observer = observer
        let cache = try slab.createCache(name: "k512", objectSize: 512)   // 16 per slab
        var objects: [SlabObject] = []
        for _ in 0..<15 { objects.append(try #require(slab.allocate(cache, node: 0))) }
        let statsBefore = slab.statistics(of: cache)
        let eventsBefore = observer.events
        try kernel.faults.setFailureRate("slab.page_alloc", 1)
        // The last free slot needs no pages, so it still succeeds.
        objects.append(try #require(slab.allocate(cache, node: 0)))
        let full = slab.statistics(of: cache)
        #expect(full.activeObjects == 16 && full.slabs == statsBefore.slabs)
        #expect(slab.allocate(cache, node: 0) == nil)
        #expect(slab.allocate(cache, node: 0, objectTag: 3) == nil)
        #expect(slab.kmalloc(size: 600, node: 0) == nil)
        #expect(slab.statistics(of: cache) == full)
        #expect(observer.events == eventsBefore)
        #expect(kernel.faults.injected["slab.page_alloc"] == 3)
        try kernel.faults.setFailureRate("slab.page_alloc", 0)
        #expect(slab.allocate(cache, node: 0) != nil)
        #expect(slab.invariantViolations().isEmpty)
    }

    @Test func tagVectorIsCreatedOnFirstTaggedObjectAndFreedWithTheSlab() throws {
        let (_, slab) = makeSlab()
        let observer = RecordingSlabObserver()
        slab.observer = observer
        let cache = try slab.createCache(name: "shared", objectSize: 32, flags: .account)   // 128 per slab
        let plain = try #require(slab.allocate(cache, node: 0))
        #expect(!slab.hasTagVector(plain))
        let tagged = try #require(slab.allocate(cache, node: 0, objectTag: 5))
        #expect(slab.hasTagVector(plain))
        #expect(observer.vectorBytesAllocated == 128 * 8)
        let another = try #require(slab.allocate(cache, node: 0, objectTag: 6))
        #expect(observer.vectorBytesAllocated == 128 * 8)
        #expect(slab.tag(of: plain) == 0 && slab.tag(of: tagged) == 5 && slab.tag(of: another) == 6)
        // A freed slot forgets its tag; the next object there has none.
        slab.free(tagged)
        let reuse = try #require(slab.allocate(cache, node: 0))
        #expect(reuse == tagged && slab.tag(of: reuse) == 0)
        slab.free(reuse)
        slab.free(plain)
        slab.free(another)
        #expect(observer.vectorBytesFreed == 0)   // slab kept empty
        slab.shrink(cache)
        #expect(observer.vectorBytesFreed == 128 * 8)
        // A new slab gets a fresh vector (the old one is recycled).
        let again = try #require(slab.allocate(cache, node: 0, objectTag: 9))
        #expect(slab.tag(of: again) == 9)
        #expect(observer.vectorBytesAllocated == 2 * 128 * 8)
        #expect(slab.invariantViolations().isEmpty)
    }

    @Test func ownerCanBeChangedForFuturePages() throws {
        let (_, slab) = makeSlab()
        let observer = RecordingSlabObserver()
        slab.observer = observer
        let cache = try slab.createCache(name: "child", objectSize: 1024, owner: 4)
        let a = try #require(slab.allocate(cache, node: 0))
        slab.setOwner(of: cache, to: 1)
        #expect(slab.owner(of: a) == 1)
        slab.free(a)
        slab.shrink(cache)
        #expect(observer.events.map(\.owner) == [4, 1])
    }

    @Test func costIsCountedNotScheduled() throws {
        let (kernel, slab) = makeSlab()
        let before = kernel.pendingEvents
        let object = try #require(slab.kmalloc(size: 32, node: 0))
        slab.kfree(object)
        #expect(kernel.pendingEvents == before)
        #expect(slab.objectOperations == 2)
        #expect(slab.cost(ofObjectOperations: slab.objectOperations) == kernel.costs.slabObject * 2)
    }
}
