/// How per-memcg slab caches are deactivated and destroyed when their
/// memcg goes offline (only meaningful with `SlabAccounting.perMemcgCaches`).
public enum CacheTeardown: String, DesignKnobValue {
    /// Up to 4.9: memcg_deactivate_kmem_caches walks slab_caches under
    /// slab_mutex and shrinks each of the memcg's caches with
    /// __kmem_cache_shrink(c, deactivate=true), which waits a
    /// synchronize_sched() per cache with slab_mutex (and, the offline
    /// step running under it, cgroup_mutex) held. An empty dying cache
    /// stays until its memcg is freed: memcg_destroy_kmem_caches at css_free
    /// walks slab_caches once and waits at most one rcu_barrier.
    case synchronous
    /// 4.10: 89e364db71fb ("slub: move synchronize_sched out of slab_mutex
    /// on shrink") batched the grace periods into one synchronize_sched()
    /// per memcg between two walks of slab_caches, outside slab_mutex but
    /// still under cgroup_mutex; destruction as up to 4.9, at css_free.
    case batched
    /// 4.11: deactivation through an RCU callback bounced to a work item,
    /// root / children / per-memcg lists, one batched asynchronous
    /// rcu_barrier, destruction on a workqueue with max_active 1 as soon
    /// as a dying cache is empty, sysfs directories of empty dying caches
    /// removed at deactivation.
    case deferred
    /// 5.3 to 5.8: the 4.11 deactivation, and then the memcg's child caches
    /// are reparented (Roman Gushchin's "mm: reparent slab memory on cgroup
    /// removal", fb2f2b0adb98 in memcg_deactivate_kmem_caches): each
    /// cache's memcg pointer is set to the parent, its css reference moves
    /// to the parent, and the memcg's cache list is spliced onto the
    /// parent's. Slab pages pin the cache (a percpu_ref, f0a3a24b532d), not
    /// the memcg, and are uncharged from the cache's memcg of the moment,
    /// so slab no longer keeps a dying memcg; an empty dying cache is shut
    /// down when its last page goes.
    case reparented

    public var summary: String {
        switch self {
        case .synchronous: return "synchronize_sched per cache under slab_mutex and cgroup_mutex, destruction at css_free; up to 4.9"
        case .batched: return "one synchronize_sched per memcg between two slab_caches walks, destruction at css_free; 4.10"
        case .deferred: return "call_rcu -> work item, per-memcg and per-root lists, batched async rcu_barrier; 4.11 to 5.2"
        case .reparented: return "as deferred, and child caches reparented to the parent at offline so slab no longer pins a dying memcg; 5.3 to 5.8"
        }
    }
}
