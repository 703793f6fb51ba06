import KernelSim

/// Child-cache teardown as 4.10 did it (`CacheTeardown.synchronous`).
///
/// The offline step walks the global cache list under slab_mutex to find
/// the memcg's caches, then deactivates them one by one with a synchronous
/// grace period while cgroup_mutex stays held. Each destruction is a work
/// item on the unbounded system workqueue; it takes slab_mutex and, for a
/// SLAB_TYPESAFE_BY_RCU cache, waits in rcu_barrier holding it, so the
/// other destruction items pile up on kworkers. The release of the memcg
/// and the growth of the child arrays walk the global list again.
enum SynchronousTeardown: ChildCacheTeardown {
    static func makeWorkqueues(_ kernel: Kernel, system: Workqueue) -> (cache: Workqueue, destroy: Workqueue) {
        (kernel.makeWorkqueue("memcg_kmem_cache_create", ordered: true), system)
    }

    static func deactivateCaches(of memcg: MemCgroup, cacheIndex: Int, in kmem: KmemAccounting, then done: @escaping () -> Void) {
        SynchronousDeactivation(kmem, cacheIndex: cacheIndex, then: done).start()
    }

    static func releaseWalkVisits(of memcg: MemCgroup, in kmem: KmemAccounting) -> UInt64 {
        UInt64(kmem.globalLinks.forEach(from: kmem.globalList.head) { _ in })
    }

    /// Sysfs directories stay until the cache is released.
    static var removesSysfsDirectoryAtDeactivation: Bool { false }

    static func forEachRootCache(in kmem: KmemAccounting, _ body: (KmemCache) -> Void) {
        var c = kmem.globalList.head
        while c >= 0 {
            kmem.statistics.listNodesVisited += 1
            if kmem.slotRoles[Int(c)] == KmemAccounting.roleRoot, let cache = kmem.caches[Int(c)] { body(cache) }
            c = kmem.globalLinks.successor(Int(c))
        }
    }

    /// A SLAB_TYPESAFE_BY_RCU cache waits in an rcu_barrier of its own
    /// with slab_mutex held; any other goes at once.
    static func destroyShrunkCache(_ cache: KmemCache, _ destruction: CacheDestruction, in kmem: KmemAccounting) {
        guard cache.flags.contains(.typesafeByRCU) else { destruction.release(); return }
        kmem.statistics.cacheRCUBarriers += 1
        kmem.statistics.cachesDestroyedAfterBarrier += 1
        kmem.kernel.rcuBarrier { destruction.release() }
    }
}

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
                kmem.transition(child, to: .deactivating)
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

