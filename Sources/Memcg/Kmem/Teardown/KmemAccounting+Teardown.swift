import KernelSim

// Child-cache teardown at offline, the steps both designs of
// `CacheTeardown` share (memcg_offline_kmem, __kmemcg_cache_deactivate,
// shutdown_cache, the release of a cache). What differs is in
// SynchronousTeardown.swift (4.10) and DeferredTeardown.swift (4.11), behind
// `ChildCacheTeardown`. In both, a dying cache lives until its last object
// is freed; it is then destroyed and its css reference dropped.

extension KmemAccounting {
    /// The kmem offline step (memcg_offline_kmem).
    func offline(_ memcg: MemCgroup, then done: @escaping () -> Void) {
        switch accounting {
        case .objcg:
            reparentObjcgs(of: memcg)
            done()
        case .perMemcgCaches:
            // memcg_offline_kmem: allocations stop using the memcg's cache ID.
            memcg.kmemState?.cacheIndex = -1
            guard let index = memcg.cacheID else { done(); return }
            childTeardown.deactivateCaches(of: memcg, cacheIndex: index, in: self, then: done)
        }
    }

    /// The kmem release step (memcg_free_kmem -> memcg_destroy_kmem_caches):
    /// a walk for caches of the memcg, which by now have all been destroyed
    /// since each held a reference.
    func released(_ memcg: MemCgroup) {
        guard usesChildCaches else { return }
        slabMutex.lock(owner: "memcg_destroy_kmem_caches") { [unowned self] in
            let visits = self.childTeardown.releaseWalkVisits(of: memcg, in: self)
            if let left = memcg.kmemState?.caches.count, left > 0 {
                self.controller.report(ModelViolation("kmem-cache", "\(memcg.path) released with \(left) child caches left"))
            }
            self.statistics.listNodesVisited += visits
            self.kernel.schedule(after: self.kernel.costs.listNodeVisit * visits, "slab.destroy_walk_done") {
                self.slabMutex.unlock()
            }
        }
    }

    // MARK: Deactivation

    /// __kmemcg_cache_deactivate, under slab_mutex: no empty slab is kept
    /// from now on; an empty cache goes to destruction (and, deferred, its
    /// sysfs directory goes at once). Returns the virtual time it took.
    func finishDeactivation(_ cache: KmemCache) -> VirtualDuration {
        statistics.deactivations += 1
        transition(cache, to: .dying)
        dyingCaches += 1
        allocator.releaseEmptySlabsEagerly(cache.id)
        var cost = kernel.costs.slabObject
        if allocator.activeObjects(of: cache.id) == 0 {
            if childTeardown.removesSysfsDirectoryAtDeactivation, removeSysfsDirectory(cache) { cost += kernel.costs.sysfsEntry }
            queueDestruction(cache)
        }
        return cost
    }

    // MARK: Destruction

    /// shutdown_cache for an empty dying cache.
    func queueDestruction(_ cache: KmemCache) {
        guard cache.state == .dying else { return }
        transition(cache, to: .destroying)
        CacheDestruction(self, cache: cache).start()
    }

    /// The end of a child cache: its sysfs directory (if still there), its
    /// structures and its slabs go, it leaves every list, and its css
    /// reference is dropped. Returns the virtual time it took.
    func releaseCache(_ cache: KmemCache) -> VirtualDuration {
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
        if let memcg = cache.memcg { dropReference(memcg) }
        return cost
    }
}
