import KernelSim

// What the designs from 4.11 on (`DeferredTeardown`, `ReparentedTeardown`)
// share: the offline step walks slab_root_caches and hands each of the
// memcg's children to call_rcu, whose callback bounces to a work item on
// memcg_kmem_cache (max_active 1) that deactivates it; an empty dying
// cache is destroyed at once by a work item on the same queue, its sysfs
// directory gone at deactivation; /proc/slabinfo and memcg_update_all_caches
// walk the root-cache list. What differs is what pins the memcg meanwhile.

/// The designs whose dying caches are destroyed as soon as they are empty.
protocol TeardownWhenEmpty: ChildCacheTeardown {
    /// Whether a deactivation in flight holds a css reference on the memcg
    /// (4.11's slab_deactivate_memcg_cache_rcu_sched took one; from 5.3 the
    /// cache pins itself through its percpu_ref and no memcg is held).
    static var deactivationPinsMemcg: Bool { get }
}

extension TeardownWhenEmpty {
    static func makeWorkqueues(_ kernel: Kernel, system: Workqueue) -> (cache: Workqueue, destroy: Workqueue) {
        let queue = kernel.makeWorkqueue("memcg_kmem_cache", maxActive: 1)
        return (queue, queue)
    }

    static var destroysAtMemcgFree: Bool { false }

    /// slab_show's seq_file walk: slab_root_caches (4.11).
    static var slabinfoWalksRootList: Bool { true }

    /// An empty dying cache's sysfs directory goes at deactivation.
    static var removesSysfsDirectoryAtDeactivation: Bool { true }

    static func forEachRootCache(in kmem: PerMemcgCacheAccounting, _ body: (KmemCache) -> Void) {
        var c = kmem.rootList.head
        while c >= 0 {
            kmem.statistics.listNodesVisited += 1
            if let cache = kmem.caches[Int(c)] { body(cache) }
            c = kmem.rootLinks.successor(Int(c))
        }
    }

    /// Under slab_mutex: the walk of slab_root_caches that takes each
    /// root's child at `index` out of its array and starts its deferred
    /// deactivation. Returns the list nodes visited (counted in the
    /// statistics; their virtual time is the caller's).
    static func deactivateChildren(of memcg: MemCgroup, cacheIndex index: Int, in kmem: PerMemcgCacheAccounting) -> UInt64 {
        var visits: UInt64 = 0
        var c = kmem.rootList.head
        while c >= 0 {
            visits += 1
            if let root = kmem.caches[Int(c)], index < root.children.count, let child = root.children[index] {
                root.children[index] = nil
                kmem.transition(child, to: .deactivating)
                DeferredDeactivation(kmem, cache: child, memcg: deactivationPinsMemcg ? memcg : nil).start()
            }
            c = kmem.rootLinks.successor(Int(c))
        }
        kmem.statistics.listNodesVisited += visits
        return visits
    }
}

extension PerMemcgCacheAccounting {
    /// shutdown_cache's end for a shrunk, empty dying cache: a
    /// SLAB_TYPESAFE_BY_RCU cache joins the batch of the next shared
    /// rcu_barrier; any other goes at once.
    func destroyShrunkCache(_ cache: KmemCache, _ destruction: CacheDestruction) {
        // __kmem_cache_shutdown, with its flush_all.
        var cost = kernel.costs.slabObject + flushAllCost
        if cache.flags.contains(.typesafeByRCU) {
            rcuDestroyBatch.append(cache)
            scheduleRCUDestroyWork()
        } else {
            cost += releaseCache(cache)
        }
        destruction.finish(after: cost)
    }
}

/// One child cache's deactivation from 4.11 on
/// (slab_deactivate_memcg_cache_rcu_sched of 4.11, kmemcg_cache_deactivate
/// of 5.3): an RCU callback that bounces to a work item, which deactivates
/// the cache under slab_mutex. In 4.11 a css reference keeps the memcg
/// until the work item is done (`memcg` non-nil).
final class DeferredDeactivation {
    private let kmem: PerMemcgCacheAccounting
    private let cache: KmemCache
    private let memcg: MemCgroup?
    @exclusivity(unchecked) private var workDone: (() -> Void)?

    init(_ kmem: PerMemcgCacheAccounting, cache: KmemCache, memcg: MemCgroup?) {
        self.kmem = kmem
        self.cache = cache
        self.memcg = memcg
    }

    func start() {
        if let memcg {
            kmem.holdReference(memcg)
            kmem.kmemState(memcg).deactivationsInFlight += 1
        }
        kmem.kernel.callRCU { self.graceEnded() }
    }

    private func graceEnded() {
        kmem.cacheWorkqueue.queueAsync("kmemcg_deactivate_workfn") { done in self.workStarted(done) }
    }

    private func workStarted(_ done: @escaping () -> Void) {
        workDone = done
        kmem.slabMutex.lock(owner: "kmemcg_deactivate_workfn") { self.shrink() }
    }

    private func shrink() {
        let cost = kmem.finishDeactivation(cache)
        kmem.kernel.schedule(after: cost, "slab.deactivated") { self.deactivated() }
    }

    private func deactivated() {
        kmem.slabMutex.unlock()
        if let memcg {
            kmem.kmemState(memcg).deactivationsInFlight -= 1
            kmem.dropReference(memcg)
        }
        let done = workDone
        workDone = nil
        done?()
    }
}
