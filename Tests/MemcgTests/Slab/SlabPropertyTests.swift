import Testing
import KernelSim
@testable import Memcg

@Suite struct SlabPropertyTests {
    /// Random allocations and frees over several caches, nodes and tags,
    /// with occasional shrinks and page faults; the tables are checked
    /// throughout and the observer's page total matches the slab count.
    @Test(arguments: [UInt64(1), 2, 3, 42])
    func randomAllocFreeKeepsInvariants(seed: UInt64) throws {
        let (kernel, slab) = makeSlab(cpus: 4, nodes: 2, seed: seed)
        let observer = RecordingSlabObserver()
        slab.observer = observer
        try kernel.faults.setFailureRate("slab.page_alloc", 0.05)
        var random = SimRandom(seed: seed)
        var caches = slab.kmallocCaches
        caches.append(try slab.createCache(name: "rcu", objectSize: 200, flags: .typesafeByRCU))
        caches.append(try slab.createCache(name: "child", objectSize: 24, owner: 9))
        caches.append(try slab.createCache(name: "huge", objectSize: 20_000))
        var live: [(SlabObject, UInt32)] = []
        var failures = 0
        for step in 0..<20_000 {
            let roll = random.uniform(below: 100)
            if roll < 55 || live.isEmpty {
                let cache = caches[random.index(below: caches.count)]
                let tag = random.chance(0.3) ? UInt32(random.uniform(below: 50) + 1) : 0
                let node = Int(random.uniform(below: 2))
                if let object = slab.allocate(cache, node: node, objectTag: tag) {
                    #expect(slab.cache(of: object) == cache && slab.node(of: object) == node)
                    live.append((object, tag))
                } else {
                    failures += 1
                }
            } else if roll < 99 {
                let i = random.index(below: live.count)
                let (object, tag) = live[i]
                #expect(slab.tag(of: object) == tag)
                slab.free(object)
                #expect(!slab.isAllocated(object))
                live.swapAt(i, live.count - 1)
                live.removeLast()
            } else {
                slab.shrink(caches[random.index(below: caches.count)])
            }
            if step % 1000 == 0 {
                let problems = slab.invariantViolations()
                #expect(problems.isEmpty, "\(problems.prefix(5))")
            }
        }
        #expect(failures > 0)
        #expect(Set(live.map(\.0)).count == live.count)
        var active = 0
        for cache in caches {
            let s = slab.statistics(of: cache)
            #expect(observer.netPages(cache) == s.pagesPerSlab * s.slabs)
            active += s.activeObjects
        }
        #expect(active == live.count)
        for (object, _) in live { slab.free(object) }
        for cache in caches {
            slab.shrink(cache)
            #expect(observer.netPages(cache) == 0)
        }
        #expect(observer.vectorBytesAllocated == observer.vectorBytesFreed)
        #expect(slab.invariantViolations().isEmpty)
    }

    @Test func sameSeedSameHandles() throws {
        func run() -> [UInt64] {
            let (_, slab) = makeSlab(cpus: 4, nodes: 2, seed: 5)
            var random = SimRandom(seed: 5)
            var live: [SlabObject] = []
            var trace: [UInt64] = []
            for _ in 0..<2000 {
                if random.chance(0.6) || live.isEmpty {
                    let object = slab.kmalloc(size: Int(random.uniform(below: 300) + 1), node: Int(random.uniform(below: 2)))!
                    live.append(object)
                    trace.append(object.rawValue)
                } else {
                    slab.kfree(live.remove(at: random.index(below: live.count)))
                }
            }
            return trace
        }
        #expect(run() == run())
    }
}
