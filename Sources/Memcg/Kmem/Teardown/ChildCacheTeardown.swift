import KernelSim

/// What differs between the designs of `CacheTeardown`: how a memcg's
/// child caches are deactivated at offline, which cache list the walks
/// take, and how an empty dying cache is destroyed once it is shrunk. One
/// type per design (`SynchronousTeardown`, `BatchedTeardown`,
/// `DeferredTeardown`, `ReparentedTeardown`), chosen once when the kmem
/// layer is built; the steps they share are in
/// `PerMemcgCacheAccounting+Teardown.swift`, `TeardownAtMemcgFree`,
/// `TeardownWhenEmpty` and `CacheDestruction`.
///
/// The designs keep no state of their own, so the requirements are static
/// and `PerMemcgCacheAccounting` holds the chosen type: a call goes through the
/// witness table with no existential box to open (a boxed instance cost
/// about 70 instructions more a cache in the 4.11 teardown).
protocol ChildCacheTeardown {
    /// The workqueue child caches are created on (and, deferred,
    /// deactivated on), and the one destructions run on.
    static func makeWorkqueues(_ kernel: Kernel, system: Workqueue) -> (cache: Workqueue, destroy: Workqueue)

    /// memcg_deactivate_kmem_caches: takes the memcg's child caches (index
    /// `cacheIndex` in every root's array) out of their roots' arrays and
    /// deactivates them; `done` runs when the offline step may go on.
    static func deactivateCaches(of memcg: MemCgroup, cacheIndex: Int, in kmem: PerMemcgCacheAccounting, then done: @escaping () -> Void)

    /// Whether the memcg's caches are destroyed at its css_free (up to
    /// 4.10, memcg_destroy_kmem_caches) rather than each as soon as it is
    /// dying and empty (4.11).
    static var destroysAtMemcgFree: Bool { get }

    /// A dying cache has no objects left (at deactivation or at its last
    /// free): 4.11 queues its destruction; up to 4.10 it stays, and its
    /// memcg is no longer pinned by it once its pages are uncharged.
    static func dyingCacheEmptied(_ cache: KmemCache, in kmem: PerMemcgCacheAccounting)

    /// The cache-list nodes memcg_destroy_kmem_caches walks at release;
    /// nil where the release step takes no slab_mutex and walks nothing.
    static func releaseWalkVisits(of memcg: MemCgroup, in kmem: PerMemcgCacheAccounting) -> UInt64?

    /// Whether an empty cache's sysfs directory goes at deactivation
    /// rather than when the cache is released.
    static var removesSysfsDirectoryAtDeactivation: Bool { get }

    /// Whether /proc/slabinfo walks the root-cache list (slab_root_caches,
    /// which came with the 4.11 series) rather than slab_caches.
    static var slabinfoWalksRootList: Bool { get }

    /// memcg_update_all_caches's walk: `body` for every root cache, the
    /// list nodes visited counted in the statistics.
    static func forEachRootCache(in kmem: PerMemcgCacheAccounting, _ body: (KmemCache) -> Void)
}

extension CacheTeardown {
    /// The type that carries this design's code.
    var implementation: any ChildCacheTeardown.Type {
        switch self {
        case .synchronous: return SynchronousTeardown.self
        case .batched: return BatchedTeardown.self
        case .deferred: return DeferredTeardown.self
        case .reparented: return ReparentedTeardown.self
        }
    }
}
