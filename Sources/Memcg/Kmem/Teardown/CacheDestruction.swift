import KernelSim

// The blocking sequences of child-cache teardown, written as small objects
// whose methods are the steps between waits (see KmemAccounting+Teardown
// for what each design does and why).
//
// Every wait (a grace period, slab_mutex, a workqueue slot) resumes a step
// through a closure that captures the step object and nothing else. Such a
// closure uses the object as its context, so a wait allocates nothing; the
// step object is the one allocation of its sequence. The teardown runs
// eight or nine events per cache, for hundreds of thousands of caches at
// the threads' scale, and a closure capturing several values costs a heap
// context each time. The order of events is the same either way.

/// One memcg's deactivation in the synchronous design
/// (memcg_deactivate_kmem_caches of 4.10): a walk of the global list under
/// slab_mutex finds the memcg's caches, then each is deactivated after its
/// own synchronous grace period, while the caller (the offline step, under
/// cgroup_mutex) waits for the whole sequence.
final class SynchronousDeactivation {
    private let kmem: KmemAccounting
    private let index: Int
    private let done: () -> Void
    /// The caches the walk found, and the one being deactivated.
    @exclusivity(unchecked) private var found: [KmemCache] = []
    @exclusivity(unchecked) private var position = 0

    init(_ kmem: KmemAccounting, cacheIndex index: Int, then done: @escaping () -> Void) {
        self.kmem = kmem
        self.index = index
        self.done = done
    }

    func start() {
        kmem.slabMutex.lock(owner: "memcg_deactivate_kmem_caches") { self.walk() }
    }

    /// Under slab_mutex: every node of the global list is visited to find
    /// the root caches, and each root's child for this memcg is taken out
    /// of its array.
    private func walk() {
        let visits = kmem.slotRoles.withUnsafeBufferPointer { roles in
            kmem.globalLinks.forEach(from: kmem.globalList.head) { slot in
                guard roles[slot] == KmemAccounting.roleRoot, let root = kmem.caches[slot],
                      index < root.children.count, let child = root.children[index] else { return }
                root.children[index] = nil
                child.state = .deactivating
                found.append(child)
            }
        }
        kmem.statistics.listNodesVisited += UInt64(visits)
        kmem.kernel.schedule(after: kmem.kernel.costs.listNodeVisit * UInt64(visits), "slab.deactivate_walk_done") {
            self.walkDone()
        }
    }

    private func walkDone() {
        kmem.slabMutex.unlock()
        next()
    }

    private func next() {
        guard position < found.count else {
            found = []
            done()
            return
        }
        // cgroup_mutex stays held across the wait.
        kmem.kernel.synchronizeRCU { self.graceEnded() }
    }

    private func graceEnded() {
        kmem.slabMutex.lock(owner: "__kmem_cache_shrink") { self.shrink() }
    }

    private func shrink() {
        let cost = kmem.finishDeactivation(found[position])
        kmem.kernel.schedule(after: cost, "slab.deactivated") { self.deactivated() }
    }

    private func deactivated() {
        kmem.slabMutex.unlock()
        position += 1
        next()
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

/// One empty dying cache's destruction (shutdown_cache), a work item that
/// takes slab_mutex. A SLAB_TYPESAFE_BY_RCU cache waits in a synchronous
/// rcu_barrier with the mutex held in the synchronous design; in the
/// deferred one it joins the batch of the next shared rcu_barrier instead.
final class CacheDestruction {
    private let kmem: KmemAccounting
    private let cache: KmemCache
    @exclusivity(unchecked) private var workDone: (() -> Void)?

    init(_ kmem: KmemAccounting, cache: KmemCache) {
        self.kmem = kmem
        self.cache = cache
    }

    func start() {
        kmem.destroyWorkqueue.queueAsync("kmem_cache_destroy") { done in self.workStarted(done) }
    }

    private func workStarted(_ done: @escaping () -> Void) {
        workDone = done
        kmem.slabMutex.lock(owner: "kmem_cache_destroy") { self.locked() }
    }

    private func locked() {
        kmem.allocator.shrink(cache.id)
        let typesafe = cache.flags.contains(.typesafeByRCU)
        if kmem.teardown == .synchronous {
            guard typesafe else { release(); return }
            kmem.statistics.cacheRCUBarriers += 1
            kmem.statistics.cachesDestroyedAfterBarrier += 1
            kmem.kernel.rcuBarrier { self.release() }
        } else {
            var cost = kmem.kernel.costs.slabObject
            if typesafe {
                kmem.rcuDestroyBatch.append(cache)
                kmem.scheduleRCUDestroyWork()
            } else {
                cost += kmem.releaseCache(cache)
            }
            kmem.kernel.schedule(after: cost, "slab.destroyed") { self.finished() }
        }
    }

    /// Synchronous design: the cache goes now, after its barrier if it had one.
    private func release() {
        let cost = kmem.releaseCache(cache)
        kmem.kernel.schedule(after: cost, "slab.destroyed") { self.finished() }
    }

    private func finished() {
        kmem.slabMutex.unlock()
        let done = workDone
        workDone = nil
        done?()
    }
}
