/// The kernel-memory part of a `struct mem_cgroup`: its live objcg, the
/// objcgs that charge it, its list of child caches, and the css references
/// the kmem layer holds on it.
final class MemcgKmemState {
    /// The objcg new allocations use (`memcg->objcg`); nil once offline.
    @exclusivity(unchecked) var objcg: ObjCgroup?
    /// The kmemcg cache ID its accounted allocations use (per-memcg
    /// caches): what memcg_kmem_get_cache reads as memcg->kmemcg_id. Nil
    /// until its first accounted allocation, and again from its offline
    /// step, after which its allocations go to its nearest online ancestor.
    @exclusivity(unchecked) var cacheIndex: Int?
    /// The objcg created for this memcg, kept after reparenting so that
    /// kernel bytes charged through it can be given back.
    @exclusivity(unchecked) var ownObjcg: ObjCgroup?
    /// Objcgs charging this memcg now (`memcg->objcg_list`), own and
    /// reparented from dead descendants.
    @exclusivity(unchecked) var objcgList: [ObjCgroup] = []
    /// Its child caches, live and dying (`memcg->kmem_caches`).
    @exclusivity(unchecked) var caches = KmemCacheList()
    /// css references the kmem layer holds on the memcg: child caches,
    /// pending creations and deactivations, objcgs targeting it.
    @exclusivity(unchecked) var heldReferences = 0
    /// Deferred deactivations queued for its caches and not yet done
    /// (each holds one of `heldReferences`).
    @exclusivity(unchecked) var deactivationsInFlight = 0
    /// Up to 4.10: its empty dying caches that no longer hold a reference
    /// and wait for its css_free (`KmemCacheState.drained`).
    @exclusivity(unchecked) var drainedCaches = 0
    /// Pages left on this memcg's own page counter by kernel memory whose
    /// charges were reparented at its offline (objcgs from 5.9, child caches
    /// 5.3 to 5.8). memcg_reparent_objcgs only retargets `objcg->memcg`, and
    /// obj_cgroup_uncharge_pages later uncharges from whatever memcg the
    /// objcg names then, from the parent up, so the dying memcg's counter
    /// keeps these pages until it is freed (likewise memcg_uncharge_slab
    /// through the reparented cache's memcg). Its ancestors' counters stay
    /// exact. Never decreases.
    @exclusivity(unchecked) var strandedPages = 0
    /// Slab statistic bytes flushed to this memcg by objcg stocks:
    /// [unreclaimable, reclaimable].
    @exclusivity(unchecked) var slabStatBytes = [0, 0]
}
