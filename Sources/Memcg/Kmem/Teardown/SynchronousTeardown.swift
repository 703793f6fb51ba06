import KernelSim

/// Child-cache teardown up to 4.9 (`CacheTeardown.synchronous`).
///
/// memcg_deactivate_kmem_caches takes slab_mutex, walks slab_caches (every
/// cache, roots and children) and, for each root with a child of this
/// memcg, calls __kmem_cache_shrink(c, deactivate=true), which in SLUB
/// waits a synchronize_sched() before shrinking, then clears the root's
/// array entry. slab_mutex is held across every one of those grace
/// periods, and cgroup_mutex too, the offline step running under it.
/// Destruction is at css_free (`TeardownAtMemcgFree`).
enum SynchronousTeardown: TeardownAtMemcgFree {
    static func deactivateCaches(of memcg: MemCgroup, cacheIndex: Int, in kmem: PerMemcgCacheAccounting, then done: @escaping () -> Void) {
        SynchronousDeactivation(kmem, cacheIndex: cacheIndex, then: done).start()
    }
}

/// One memcg's deactivation up to 4.9: a walk of slab_caches under
/// slab_mutex, a synchronous grace period per child cache within it.
final class SynchronousDeactivation {
    private let kmem: PerMemcgCacheAccounting
    private let index: Int
    private let done: () -> Void
    /// The caches the walk found, and the one being deactivated.
    @exclusivity(unchecked) private var found: [KmemCache] = []
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var waitStarted = VirtualTime.zero

    init(_ kmem: PerMemcgCacheAccounting, cacheIndex index: Int, then done: @escaping () -> Void) {
        self.kmem = kmem
        self.index = index
        self.done = done
    }

    func start() {
        kmem.slabMutex.lock(owner: "memcg_deactivate_kmem_caches") { self.walk() }
    }

    /// Every node of slab_caches is visited; each root's child for this
    /// memcg is taken out of its array (the walk's order of shrinks and
    /// clears does not show: slab_mutex is held throughout).
    private func walk() {
        let visits: UInt64
        (found, visits) = kmem.takeChildren(at: index)
        kmem.kernel.schedule(after: kmem.kernel.costs.cacheListNodeVisit * visits, "slab.deactivate_walk_done") {
            self.next()
        }
    }

    private func next() {
        guard position < found.count else {
            found = []
            kmem.slabMutex.unlock()
            done()
            return
        }
        // __kmem_cache_shrink(c, true): synchronize_sched() with
        // slab_mutex and cgroup_mutex held.
        waitStarted = kmem.kernel.now
        kmem.kernel.synchronizeRCU { self.graceEnded() }
    }

    private func graceEnded() {
        kmem.statistics.teardownWaitTime += kmem.kernel.now - waitStarted
        let cost = kmem.finishDeactivation(found[position])
        kmem.kernel.schedule(after: cost, "slab.deactivated") { self.deactivated() }
    }

    private func deactivated() {
        position += 1
        next()
    }
}
