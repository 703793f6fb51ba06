import KernelSim

// Child-cache teardown at offline, in the two designs the seed threads
// compare (memcg_deactivate_kmem_caches, shutdown_cache,
// memcg_destroy_kmem_caches of 4.10 and 4.11).
//
// synchronous (4.10): the offline step walks the global cache list under
// slab_mutex to find the memcg's caches, then deactivates them one by one
// with a synchronous grace period while cgroup_mutex stays held. Each
// destruction is a work item on the unbounded system workqueue; it takes
// slab_mutex and, for a SLAB_TYPESAFE_BY_RCU cache, waits in rcu_barrier
// holding it, so the other destruction items pile up on kworkers. The
// release of the memcg walks the global list again.
//
// deferred (4.11): the offline step walks the root-cache list, takes each
// child out of its root's array and hands it to call_rcu; the callback
// bounces to a work item (holding a css reference) on a max_active 1
// workqueue that shrinks the cache and, if it is empty, removes its sysfs
// directory and queues its destruction. SLAB_TYPESAFE_BY_RCU caches wait
// for one batched rcu_barrier run by a system work item.
//
// In both, a dying cache lives until its last object is freed; it is then
// destroyed and its css reference dropped.

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
            if teardown == .synchronous {
                deactivateSynchronously(memcg, then: done)
            } else {
                deactivateDeferred(memcg, then: done)
            }
        }
    }

    /// The kmem release step (memcg_free_kmem -> memcg_destroy_kmem_caches):
    /// a walk for caches of the memcg, which by now have all been destroyed
    /// since each held a reference. Legacy walks the global list.
    func released(_ memcg: MemCgroup) {
        guard usesChildCaches else { return }
        slabMutex.lock(owner: "memcg_destroy_kmem_caches") { [unowned self] in
            var visits: UInt64 = 0
            if self.teardown == .synchronous {
                visits = UInt64(self.globalLinks.forEach(from: self.globalList.head) { _ in })
            } else {
                visits = UInt64(memcg.kmemState?.caches.count ?? 0)
            }
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

    private func deactivateSynchronously(_ memcg: MemCgroup, then done: @escaping () -> Void) {
        guard let index = memcg.cacheID else { done(); return }
        SynchronousDeactivation(self, cacheIndex: index, then: done).start()
    }

    private func deactivateDeferred(_ memcg: MemCgroup, then done: @escaping () -> Void) {
        guard let index = memcg.cacheID else { done(); return }
        slabMutex.lock(owner: "memcg_deactivate_kmem_caches") { [unowned self] in
            var visits: UInt64 = 0
            var c = self.rootList.head
            while c >= 0 {
                visits += 1
                if let root = self.caches[Int(c)], index < root.children.count, let child = root.children[index] {
                    root.children[index] = nil
                    child.state = .deactivating
                    DeferredDeactivation(self, cache: child, memcg: memcg).start()
                }
                c = self.rootLinks.successor(Int(c))
            }
            self.statistics.listNodesVisited += visits
            self.kernel.schedule(after: self.kernel.costs.listNodeVisit * visits, "slab.deactivate_walk_done") {
                self.slabMutex.unlock()
                done()
            }
        }
    }

    /// __kmemcg_cache_deactivate, under slab_mutex: no empty slab is kept
    /// from now on; an empty cache goes to destruction (and, deferred, its
    /// sysfs directory goes at once). Returns the virtual time it took.
    func finishDeactivation(_ cache: KmemCache) -> VirtualDuration {
        statistics.deactivations += 1
        cache.state = .dying
        dyingCaches += 1
        allocator.releaseEmptySlabsEagerly(cache.id)
        var cost = kernel.costs.slabObject
        if allocator.activeObjects(of: cache.id) == 0 {
            if teardown == .deferred, removeSysfsDirectory(cache) { cost += kernel.costs.sysfsEntry }
            queueDestruction(cache)
        }
        return cost
    }

    // MARK: Destruction

    /// shutdown_cache for an empty dying cache.
    func queueDestruction(_ cache: KmemCache) {
        guard cache.state == .dying else { return }
        cache.state = .destroying
        CacheDestruction(self, cache: cache).start()
    }

    /// slab_caches_to_rcu_destroy_work: one rcu_barrier for every cache
    /// queued so far. The work item is not reentrant: caches queued while
    /// it runs wait for its next run.
    func scheduleRCUDestroyWork() {
        if rcuDestroyWork.running {
            rcuDestroyWork.rerun = true
            return
        }
        guard !rcuDestroyWork.queued else { return }
        rcuDestroyWork.queued = true
        systemWorkqueue.queueAsync("slab_caches_to_rcu_destroy_workfn") { [unowned self] done in
            self.rcuDestroyWork.queued = false
            self.rcuDestroyWork.running = true
            let batch = self.rcuDestroyBatch
            self.rcuDestroyBatch = []
            let finished = {
                self.rcuDestroyWork.running = false
                done()
                if self.rcuDestroyWork.rerun {
                    self.rcuDestroyWork.rerun = false
                    self.scheduleRCUDestroyWork()
                }
            }
            guard !batch.isEmpty else { finished(); return }
            self.statistics.cacheRCUBarriers += 1
            self.statistics.cachesDestroyedAfterBarrier += batch.count
            self.kernel.rcuBarrier {
                self.slabMutex.lock(owner: "slab_kmem_cache_release") {
                    var cost = VirtualDuration.zero
                    for cache in batch { cost += self.releaseCache(cache) }
                    self.kernel.schedule(after: cost, "slab.rcu_destroyed") {
                        self.slabMutex.unlock()
                        finished()
                    }
                }
            }
        }
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
        cache.state = .destroyed
        dyingCaches -= 1
        statistics.childCachesDestroyed += 1
        statistics.lastChildDestroyedAt = kernel.now
        if let memcg = cache.memcg { dropReference(memcg) }
        return cost
    }
}
