import KernelSim

/// Child-cache teardown in 4.10 (`CacheTeardown.batched`), after
/// 89e364db71fb ("slub: move synchronize_sched out of slab_mutex on
/// shrink"), the commit patch 1 of the 4.11 slab scalability series
/// reverted.
///
/// memcg_deactivate_kmem_caches walks slab_caches under slab_mutex and
/// sets each of the memcg's child caches to keep no partial slabs
/// (cpu_partial and min_partial 0), drops slab_mutex, waits ONE
/// synchronize_sched() for the memcg (cgroup_mutex still held), then walks
/// slab_caches again under slab_mutex, shrinking each child and clearing
/// its root's array entry. Destruction is at css_free
/// (`TeardownAtMemcgFree`), with a third walk: three full walks of
/// slab_caches a memcg, as the revert (patch 1 of the 4.11 series, whose
/// removed lines are 4.10's) and patch 3 (memcg_destroy_kmem_caches) show.
/// Each step of a walk loads the next kmem_cache through its list_head and
/// reads memcg_params.is_root_cache (and, for a root, its memcg_caches
/// entry); in SLUB's kmem_cache memcg_params lies past the kobject, on
/// another cache line than the list_head, but only the list pointer is on
/// the chain of dependent loads, so every node is priced as one
/// `cacheListNodeVisit` (a DRAM miss).
enum BatchedTeardown: TeardownAtMemcgFree {
    static func deactivateCaches(of memcg: MemCgroup, cacheIndex: Int, in kmem: PerMemcgCacheAccounting, then done: @escaping () -> Void) {
        BatchedDeactivation(kmem, cacheIndex: cacheIndex, then: done).start()
    }
}

/// One memcg's deactivation in 4.10: walk, one grace period, walk.
final class BatchedDeactivation {
    private let kmem: PerMemcgCacheAccounting
    private let index: Int
    private let done: () -> Void
    @exclusivity(unchecked) private var found: [KmemCache] = []
    @exclusivity(unchecked) private var waitStarted = VirtualTime.zero

    init(_ kmem: PerMemcgCacheAccounting, cacheIndex index: Int, then done: @escaping () -> Void) {
        self.kmem = kmem
        self.index = index
        self.done = done
    }

    func start() {
        kmem.slabMutex.lock(owner: "memcg_deactivate_kmem_caches") { self.firstWalk() }
    }

    /// Under slab_mutex: the memcg's children are found and stop keeping
    /// partial slabs. (The model takes them out of the arrays here; the
    /// kernel cleared the entries in the second walk, but allocations had
    /// already stopped using the memcg's cache ID.)
    private func firstWalk() {
        let visits: UInt64
        (found, visits) = kmem.takeChildren(at: index)
        kmem.kernel.schedule(after: kmem.kernel.costs.cacheListNodeVisit * visits, "slab.deactivate_walk_done") {
            self.kmem.slabMutex.unlock()
            // One synchronize_sched() for the memcg, under cgroup_mutex.
            self.waitStarted = self.kmem.kernel.now
            self.kmem.kernel.synchronizeRCU { self.graceEnded() }
        }
    }

    private func graceEnded() {
        kmem.statistics.teardownWaitTime += kmem.kernel.now - waitStarted
        kmem.slabMutex.lock(owner: "memcg_deactivate_kmem_caches") { self.secondWalk() }
    }

    /// Under slab_mutex: the whole list again, each child shrunk. Every
    /// node is priced; the children were found by the first walk.
    private func secondWalk() {
        let visits = UInt64(kmem.globalList.count)
        kmem.statistics.listNodesVisited += visits
        var cost = kmem.kernel.costs.cacheListNodeVisit * visits
        for cache in found { cost += kmem.finishDeactivation(cache) }
        found = []
        kmem.kernel.schedule(after: cost, "slab.deactivated") {
            self.kmem.slabMutex.unlock()
            self.done()
        }
    }
}
