import KernelSim

/// Child-cache teardown from 5.3 to 5.8 (`CacheTeardown.reparented`):
/// Roman Gushchin's "mm: reparent slab memory on cgroup removal" series.
///
/// memcg_deactivate_kmem_caches(memcg, parent) first deactivates the
/// memcg's children as 4.11 did (the slab_root_caches walk, call_rcu, a
/// work item on memcg_kmem_cache), except that the deactivation holds no
/// css reference: since f0a3a24b532d ("mm: memcg/slab: rework non-root
/// kmem_cache lifecycle management") a child cache has a percpu_ref that
/// each of its slab pages holds (memcg_charge_slab moves the page's css
/// references to it), killed once the deactivation work item has run, and
/// the cache is shut down when it drops to zero. Then, still under
/// slab_mutex, fb2f2b0adb98 ("mm: memcg/slab: reparent memcg kmem_caches
/// on cgroup removal") walks the memcg's kmem_caches list, points each
/// cache's memcg_params.memcg at the parent, moves its css reference
/// there and splices the list onto the parent's. From then on
/// memcg_uncharge_slab uncharges the cache's pages from the parent (its
/// page counters and its lruvec statistics), and nothing of the slab
/// layer pins the dying memcg. There is no memcg_destroy_kmem_caches any
/// more: a memcg has no caches left when it is released.
///
/// The model keeps a page's css reference beside its charge rather than
/// on the cache, so it moves the references of the cache's charged pages
/// to the parent together with the cache's own: the parent is pinned
/// exactly as long as in the kernel (by the cache, for as long as the
/// cache has pages) and the dying memcg not at all.
enum ReparentedTeardown: TeardownWhenEmpty {
    static var deactivationPinsMemcg: Bool { false }

    static func deactivateCaches(of memcg: MemCgroup, cacheIndex index: Int, in kmem: PerMemcgCacheAccounting, then done: @escaping () -> Void) {
        kmem.slabMutex.lock(owner: "memcg_deactivate_kmem_caches") { [unowned kmem] in
            let kmem = kmem
            // The reparenting walk visits every cache on the memcg's
            // kmem_caches list: its length prices it without a walk of its own.
            let visits = deactivateChildren(of: memcg, cacheIndex: index, in: kmem) + UInt64(memcg.kmemState?.caches.count ?? 0)
            // The caches change memcg when the walks' time is over, so that
            // the list_lru reparenting, the next offline step, follows at
            // the same instant: in the kernel the two run back to back in
            // memcg_offline_kmem, and an object whose cache already names
            // the parent must not wait for virtual time on the dying
            // memcg's list_lru list.
            kmem.kernel.schedule(after: kmem.kernel.costs.cacheListNodeVisit * visits, "slab.deactivate_walk_done") {
                kmem.reparentCaches(of: memcg)
                kmem.slabMutex.unlock()
                done()
            }
        }
    }

    /// The percpu_ref reaches zero when the killed cache's last page is
    /// uncharged (kmemcg_cache_shutdown queues shutdown_cache on
    /// memcg_kmem_cache). Pages of a SLAB_TYPESAFE_BY_RCU slab are freed a
    /// grace period after their last object, so such a cache may wait for
    /// its pages' RCU callback, which calls this again.
    static func dyingCacheEmptied(_ cache: KmemCache, in kmem: PerMemcgCacheAccounting) {
        guard cache.chargedPages == 0 else { return }
        kmem.queueDestruction(cache)
    }

    /// No walk at release: the memcg's caches went to its parent at
    /// offline, and 5.3 dropped memcg_destroy_kmem_caches.
    static func releaseWalkVisits(of memcg: MemCgroup, in kmem: PerMemcgCacheAccounting) -> UInt64? { nil }
}

extension PerMemcgCacheAccounting {
    /// The second half of 5.3's memcg_deactivate_kmem_caches, under
    /// slab_mutex: every cache on the memcg's kmem_caches list (live ones
    /// were all just deactivated; dying ones from earlier are there too)
    /// now charges the parent, and the list is spliced onto the parent's.
    /// Returns the list nodes visited.
    ///
    /// The page counters are left as the kernel leaves them but for one
    /// thing: the kernel's dying memcg keeps the pages on its own counter
    /// (its later uncharges walk from the parent up), while the model takes
    /// them off it here, as `reparentObjcgs` does, so that a memcg's counter
    /// stays its own pages plus its children's.
    @discardableResult
    func reparentCaches(of memcg: MemCgroup) -> UInt64 {
        guard let parent = memcg.parent, let state = memcg.kmemState else { return 0 }
        let parentState = kmemState(parent)
        var moved: [KmemCache] = []
        var c = state.caches.head
        while c >= 0 {
            if let cache = caches[Int(c)] { moved.append(cache) }
            c = memcgLinks.successor(Int(c))
        }
        guard !moved.isEmpty else { return 0 }
        var pages = 0
        for cache in moved {
            memcgLinks.remove(cache.slot, from: &state.caches)
            cache.memcg = parent
            let index = cache.flags.contains(.reclaimAccount) ? 1 : 0
            memcg.slabPages[index] -= cache.chargedPages
            parent.slabPages[index] += cache.chargedPages
            pages += cache.chargedPages
            holdReference(parent)
        }
        // list_splice_init keeps the memcg's order ahead of the parent's.
        for cache in moved.reversed() { memcgLinks.insertHead(cache.slot, into: &parentState.caches) }
        statistics.childCachesReparented += moved.count
        // memcg_uncharge_slab will uncharge through the cache's memcg, the
        // parent now: the dying memcg's counter keeps the pages.
        state.strandedPages += pages
        if pages > 0 { controller.get(parent, pages) }
        // The dying memcg's references go last, the offline step holding
        // its base reference meanwhile.
        for _ in moved { dropReference(memcg) }
        if pages > 0 { controller.put(memcg, pages) }
        return UInt64(moved.count)
    }
}
