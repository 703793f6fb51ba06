import KernelSim

// Child-cache teardown at offline, the steps every design of
// `CacheTeardown` shares (memcg_offline_kmem, __kmemcg_cache_deactivate,
// shutdown_cache, the release of a cache). What differs is in
// SynchronousTeardown.swift (up to 4.9), BatchedTeardown.swift (4.10),
// TeardownAtMemcgFree.swift (what those two share), DeferredTeardown.swift
// (4.11), ReparentedTeardown.swift (5.3) and TeardownWhenEmpty.swift (what
// those two share), behind `ChildCacheTeardown`. In every design a dying
// cache lives at least until its last object is freed.

extension PerMemcgCacheAccounting {
    /// The kmem offline step (memcg_offline_kmem).
    func deactivateCaches(of memcg: MemCgroup, then done: @escaping () -> Void) {
        // Allocations stop using the memcg's cache ID.
        memcg.kmemState?.cacheIndex = nil
        guard let index = memcg.cacheID else { done(); return }
        childTeardown.deactivateCaches(of: memcg, cacheIndex: index, in: self, then: done)
    }

    /// The kmem release step. Each child cache held a reference, so none
    /// is left by now (from 5.3 they went to the parent at offline). 4.11
    /// still took slab_mutex for a walk of the memcg's list
    /// (memcg_destroy_kmem_caches); up to 4.10 the caches are destroyed at
    /// css_free instead (`MemcgCacheRelease`).
    func destroyCaches(ofReleased memcg: MemCgroup) {
        guard !childTeardown.destroysAtMemcgFree else { return }
        if let left = memcg.kmemState?.caches.count, left > 0 {
            controller.report(ModelViolation("kmem-cache", "\(memcg.path) released with \(left) child caches left"))
        }
        guard childTeardown.releaseWalkVisits(of: memcg, in: self) != nil else { return }
        slabMutex.lock(owner: "memcg_destroy_kmem_caches") { [unowned self] in
            let visits = self.childTeardown.releaseWalkVisits(of: memcg, in: self) ?? 0
            self.statistics.listNodesVisited += visits
            self.kernel.schedule(after: self.kernel.costs.cacheListNodeVisit * visits, "slab.destroy_walk_done") {
                self.slabMutex.unlock()
            }
        }
    }

    /// Dying memcgs whose own child caches still hold objects (see
    /// `KmemAccounting.dyingCgroupsPinnedBySlab`).
    var dyingCgroupsPinnedByOwnCaches: Int {
        controller.allCgroups.count { memcg in
            guard memcg.state.isKilledOrDying, let state = memcg.kmemState else { return false }
            var c = state.caches.head
            while c >= 0 {
                if let cache = caches[Int(c)], allocator.activeObjects(of: cache.id) > 0 { return true }
                c = memcgLinks.successor(Int(c))
            }
            return false
        }
    }

    // MARK: Deactivation

    /// Under slab_mutex, up to 4.10: a walk of slab_caches (every node
    /// visited) taking each root's child at `index` out of its array. The
    /// model prices every node but follows the root list, which holds the
    /// roots in their slab_caches order (both lists take a new root at
    /// their head).
    func takeChildren(at index: Int) -> (children: [KmemCache], visits: UInt64) {
        var found: [KmemCache] = []
        var slot = rootList.head
        while slot >= 0 {
            if let root = caches[Int(slot)], index < root.children.count, let child = root.children[index] {
                root.children[index] = nil
                transition(child, to: .deactivating)
                found.append(child)
            }
            slot = rootLinks.successor(Int(slot))
        }
        let visits = UInt64(globalList.count)
        statistics.listNodesVisited += visits
        return (found, visits)
    }

    /// __kmemcg_cache_deactivate, under slab_mutex: no empty slab is kept
    /// from now on; an empty cache goes to destruction (and, deferred, its
    /// sysfs directory goes at once). Returns the virtual time it took,
    /// the shrink's flush_all included.
    func finishDeactivation(_ cache: KmemCache) -> VirtualDuration {
        statistics.deactivations += 1
        transition(cache, to: .dying)
        dyingCaches += 1
        allocator.releaseEmptySlabsEagerly(cache.id)
        var cost = kernel.costs.slabObject + flushAllCost
        if allocator.activeObjects(of: cache.id) == 0 {
            if childTeardown.removesSysfsDirectoryAtDeactivation, removeSysfsDirectory(cache) { cost += kernel.costs.sysfsEntry }
            childTeardown.dyingCacheEmptied(cache, in: self)
        }
        return cost
    }

    // MARK: Destruction

    /// SLUB's flush_all, which every shrink (__kmem_cache_shrink) and
    /// shutdown (__kmem_cache_shutdown) of a cache runs: on_each_cpu_cond
    /// reads the cache's per-CPU slab on every online CPU.
    var flushAllCost: VirtualDuration { kernel.costs.perCPUSlabCheck * UInt64(kernel.cpus) }

    /// shutdown_cache for an empty dying cache.
    func queueDestruction(_ cache: KmemCache) {
        guard cache.state == .dying else { return }
        transition(cache, to: .destroying)
        CacheDestruction(self, cache: cache).start()
    }

    /// The end of a child cache: its sysfs directory (if still there), its
    /// structures and its slabs go, it leaves every list, and its css
    /// reference is dropped (a `drained` one gave it up already). Returns
    /// the virtual time it took.
    func releaseCache(_ cache: KmemCache, drained: Bool = false) -> VirtualDuration {
        var cost = kernel.costs.slabObject * UInt64(cache.metadataObjects.count)
        if cache.hasSysfsDirectory { cost += kernel.costs.sysfsEntry }
        freeMetadata(of: cache)
        do {
            try allocator.destroyCache(cache.id)
        } catch {
            controller.report(ModelViolation("kmem-cache", "destroying dying cache \(cache.name): \(error.description)"))
        }
        unregister(cache)
        transition(cache, to: .destroyed)
        dyingCaches -= 1
        statistics.childCachesDestroyed += 1
        statistics.lastChildDestroyedAt = kernel.now
        if let memcg = cache.memcg {
            if !drained {
                dropReference(memcg)
            } else {
                kmemState(memcg).drainedCaches -= 1
            }
        }
        return cost
    }
}
