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
enum DeferredTeardown: ChildCacheTeardown {
    static func makeWorkqueues(_ kernel: Kernel, system: Workqueue) -> (cache: Workqueue, destroy: Workqueue) {
        let queue = kernel.makeWorkqueue("memcg_kmem_cache", maxActive: 1)
        return (queue, queue)
    }

    static func deactivateCaches(of memcg: MemCgroup, cacheIndex index: Int, in kmem: KmemAccounting, then done: @escaping () -> Void) {
        kmem.slabMutex.lock(owner: "memcg_deactivate_kmem_caches") { [unowned kmem] in
            // One strong load for the walk, not one per use of the unowned capture.
            let kmem = kmem
            var visits: UInt64 = 0
            var c = kmem.rootList.head
            while c >= 0 {
                visits += 1
                if let root = kmem.caches[Int(c)], index < root.children.count, let child = root.children[index] {
                    root.children[index] = nil
                    kmem.transition(child, to: .deactivating)
                    DeferredDeactivation(kmem, cache: child, memcg: memcg).start()
                }
                c = kmem.rootLinks.successor(Int(c))
            }
            kmem.statistics.listNodesVisited += visits
            kmem.kernel.schedule(after: kmem.kernel.costs.listNodeVisit * visits, "slab.deactivate_walk_done") {
                kmem.slabMutex.unlock()
                done()
            }
        }
    }

    static func releaseWalkVisits(of memcg: MemCgroup, in kmem: KmemAccounting) -> UInt64 {
        UInt64(memcg.kmemState?.caches.count ?? 0)
    }

    /// An empty dying cache's sysfs directory goes at deactivation.
    static var removesSysfsDirectoryAtDeactivation: Bool { true }

    static func forEachRootCache(in kmem: KmemAccounting, _ body: (KmemCache) -> Void) {
        var c = kmem.rootList.head
        while c >= 0 {
            kmem.statistics.listNodesVisited += 1
            if let cache = kmem.caches[Int(c)] { body(cache) }
            c = kmem.rootLinks.successor(Int(c))
        }
    }

    /// A SLAB_TYPESAFE_BY_RCU cache joins the batch of the next shared
    /// rcu_barrier; any other goes at once.
    static func destroyShrunkCache(_ cache: KmemCache, _ destruction: CacheDestruction, in kmem: KmemAccounting) {
        var cost = kmem.kernel.costs.slabObject
        if cache.flags.contains(.typesafeByRCU) {
            kmem.rcuDestroyBatch.append(cache)
            kmem.scheduleRCUDestroyWork()
        } else {
            cost += kmem.releaseCache(cache)
        }
        destruction.finish(after: cost)
    }
}

/// One child cache's deactivation in the deferred design
/// (slab_deactivate_memcg_cache_rcu_sched of 4.11): an RCU callback that
/// bounces to a work item, which deactivates the cache under slab_mutex.
/// A css reference keeps the memcg until the work item is done.
final class DeferredDeactivation {
    private let kmem: KmemAccounting
    private let cache: KmemCache
    private let memcg: MemCgroup
    @exclusivity(unchecked) private var workDone: (() -> Void)?

    init(_ kmem: KmemAccounting, cache: KmemCache, memcg: MemCgroup) {
        self.kmem = kmem
        self.cache = cache
        self.memcg = memcg
    }

    func start() {
        kmem.holdReference(memcg)
        kmem.kmemState(memcg).deactivationsInFlight += 1
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
        kmem.kmemState(memcg).deactivationsInFlight -= 1
        kmem.dropReference(memcg)
        let done = workDone
        workDone = nil
        done?()
    }
}


extension KmemAccounting {
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
