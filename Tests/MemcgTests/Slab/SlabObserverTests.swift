import Testing
import KernelSim
@testable import Memcg

@Suite struct SlabObserverTests {
    @Test func observerSeesExactlyThePagesOfTheSlabs() throws {
        let (_, slab) = makeSlab(cpus: 8, nodes: 2)
        let observer = RecordingSlabObserver()
        slab.observer = observer
        let dentry = try slab.createCache(name: "dentry", objectSize: 192, flags: [.reclaimAccount, .account], owner: 7)
        let big = try slab.createCache(name: "big", objectSize: 3000, owner: 7)
        var objects: [SlabObject] = []
        for i in 0..<1000 {
            objects.append(try #require(slab.allocate(dentry, node: i % 2)))
            objects.append(try #require(slab.allocate(big, node: i % 2)))
        }
        for cache in [dentry, big] {
            let s = slab.statistics(of: cache)
            #expect(observer.netPages(cache) == s.pagesPerSlab * s.slabs)
            for node in 0..<2 {
                let n = slab.statistics(of: cache, node: node)
                #expect(observer.netPages(cache, node: node) == n.pagesPerSlab * n.slabs)
            }
        }
        #expect(observer.events.allSatisfy { $0.owner == 7 })
        #expect(observer.events.filter { $0.cache == dentry }.allSatisfy { $0.reclaimable })
        #expect(observer.events.filter { $0.cache == big }.allSatisfy { !$0.reclaimable })
        #expect(observer.events.filter { $0.cache == big }.allSatisfy { $0.pages == slab.layout(of: big).pagesPerSlab })
        for object in objects.reversed() { slab.free(object) }
        for cache in [dentry, big] {
            let s = slab.statistics(of: cache)
            #expect(observer.netPages(cache) == s.pagesPerSlab * s.slabs)
            slab.shrink(cache)
            #expect(observer.netPages(cache) == 0)
        }
    }

    /// An observer may allocate from the allocator that is calling it, as
    /// the memcg layer kmallocs its own metadata.
    @Test func observerMayAllocateReentrantly() throws {
        final class Reentrant: SlabPageObserver {
            unowned let slab: SlabAllocator
            var metadata: [SlabObject] = []
            init(_ slab: SlabAllocator) { self.slab = slab }
            func slabPagesAllocated(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) {
                guard owner != 0 else { return }
                metadata.append(slab.kmalloc(size: 32, node: node)!)
            }
            func slabPagesFreed(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) {
                guard owner != 0, let last = metadata.popLast() else { return }
                slab.kfree(last)
            }
        }
        let (_, slab) = makeSlab()
        let observer = Reentrant(slab)
        slab.observer = observer
        let cache = try slab.createCache(name: "child", objectSize: 2048, owner: 3)
        var objects: [SlabObject] = []
        for _ in 0..<100 { objects.append(try #require(slab.allocate(cache, node: 0))) }
        #expect(observer.metadata.count == slab.statistics(of: cache).slabs)
        for object in objects { slab.free(object) }
        slab.shrink(cache)
        #expect(observer.metadata.isEmpty)
        #expect(slab.invariantViolations().isEmpty)
    }
}
