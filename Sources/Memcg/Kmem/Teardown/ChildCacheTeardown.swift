import KernelSim

/// What differs between the designs of `CacheTeardown`: how a memcg's
/// child caches are deactivated at offline, which cache list the walks
/// take, and how an empty dying cache is destroyed once it is shrunk. One
/// type per design (`SynchronousTeardown`, `DeferredTeardown`), chosen
/// once when the kmem layer is built; the steps both share are in
/// `KmemAccounting+Teardown.swift` and `CacheDestruction`.
///
/// The designs keep no state of their own, so the requirements are static
/// and the kmem layer holds the chosen type: a call goes through the
/// witness table with no existential box to open (a boxed instance cost
/// about 70 instructions more a cache in the 4.11 teardown).
protocol ChildCacheTeardown {
    /// The workqueue child caches are created on (and, deferred,
    /// deactivated on), and the one destructions run on.
    static func makeWorkqueues(_ kernel: Kernel, system: Workqueue) -> (cache: Workqueue, destroy: Workqueue)

    /// memcg_deactivate_kmem_caches: takes the memcg's child caches (index
    /// `cacheIndex` in every root's array) out of their roots' arrays and
    /// deactivates them; `done` runs when the offline step may go on.
    static func deactivateCaches(of memcg: MemCgroup, cacheIndex: Int, in kmem: KmemAccounting, then done: @escaping () -> Void)

    /// The cache-list nodes memcg_destroy_kmem_caches walks at release.
    static func releaseWalkVisits(of memcg: MemCgroup, in kmem: KmemAccounting) -> UInt64

    /// Whether an empty cache's sysfs directory goes at deactivation
    /// rather than when the cache is released.
    static var removesSysfsDirectoryAtDeactivation: Bool { get }

    /// memcg_update_all_caches's walk: `body` for every root cache, the
    /// list nodes visited counted in the statistics.
    static func forEachRootCache(in kmem: KmemAccounting, _ body: (KmemCache) -> Void)

    /// shutdown_cache under slab_mutex, after the shrink: the cache is
    /// released now, after an rcu_barrier of its own, or with the next
    /// batched one; `destruction` finishes the work item.
    static func destroyShrunkCache(_ cache: KmemCache, _ destruction: CacheDestruction, in kmem: KmemAccounting)
}

extension CacheTeardown {
    /// The type that carries this design's code.
    var implementation: any ChildCacheTeardown.Type {
        switch self {
        case .synchronous: return SynchronousTeardown.self
        case .deferred: return DeferredTeardown.self
        }
    }
}
