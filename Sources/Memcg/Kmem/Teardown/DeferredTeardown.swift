import KernelSim

/// Child-cache teardown as 4.11 did it after the slab scalability series
/// (`CacheTeardown.deferred`).
///
/// The offline step walks the root-cache list, takes each child out of
/// its root's array and hands it to call_rcu; the callback bounces to a
/// work item (holding a css reference) on a max_active 1 workqueue that
/// shrinks the cache and, if it is empty, removes its sysfs directory and
/// queues its destruction. SLAB_TYPESAFE_BY_RCU caches wait for one
/// batched rcu_barrier run by a system work item. The release of the
/// memcg walks only its own cache list.
enum DeferredTeardown: TeardownWhenEmpty {
    static var deactivationPinsMemcg: Bool { true }

    static func deactivateCaches(of memcg: MemCgroup, cacheIndex index: Int, in kmem: PerMemcgCacheAccounting, then done: @escaping () -> Void) {
        kmem.slabMutex.lock(owner: "memcg_deactivate_kmem_caches") { [unowned kmem] in
            // One strong load for the walk, not one per use of the unowned capture.
            let kmem = kmem
            let visits = deactivateChildren(of: memcg, cacheIndex: index, in: kmem)
            kmem.kernel.schedule(after: kmem.kernel.costs.cacheListNodeVisit * visits, "slab.deactivate_walk_done") {
                kmem.slabMutex.unlock()
                done()
            }
        }
    }

    /// An empty dying cache is destroyed at once (a work item).
    static func dyingCacheEmptied(_ cache: KmemCache, in kmem: PerMemcgCacheAccounting) {
        kmem.queueDestruction(cache)
    }

    /// memcg_destroy_kmem_caches at css_released walks the memcg's own list.
    static func releaseWalkVisits(of memcg: MemCgroup, in kmem: PerMemcgCacheAccounting) -> UInt64? {
        UInt64(memcg.kmemState?.caches.count ?? 0)
    }
}


extension PerMemcgCacheAccounting {
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
}
