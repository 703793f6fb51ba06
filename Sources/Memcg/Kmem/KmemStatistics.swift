package import KernelSim

/// Figures about the kmem layer: cache lifecycles, list walks, sysfs,
/// objcgs. Everything the cache-teardown and slab-sharing scenarios report
/// that is not already a workqueue's, a mutex's or RCU's statistic.
package struct KmemStatistics: Hashable, Sendable {
    package var childCachesCreated = 0
    package var childCachesDestroyed = 0
    /// Child caches moved to the parent at their memcg's offline (5.3 to 5.8).
    package var childCachesReparented = 0
    /// Creations that found the memcg offline or failed (fault point).
    var childCacheCreationsAborted = 0
    /// Accounted allocations served by the root cache while the child
    /// cache was being created.
    var fallbackAllocations = 0
    /// Nodes visited by walks of the cache lists (global, root, per-memcg).
    package var listNodesVisited: UInt64 = 0
    /// Virtual time the teardown steps spent blocked in grace periods and
    /// barriers they wait for synchronously: deactivation's
    /// synchronize_sched (per cache up to 4.9, per memcg in 4.10) and
    /// memcg_destroy_kmem_caches's rcu_barrier (up to 4.10). The deferred
    /// designs wait in call_rcu callbacks and work items instead, and add
    /// nothing here.
    package var teardownWaitTime: VirtualDuration = .zero
    var sysfsDirectories = 0
    package var peakSysfsDirectories = 0
    var deactivations = 0
    /// rcu_barrier calls made for SLAB_TYPESAFE_BY_RCU caches, and how many
    /// caches they served.
    package var cacheRCUBarriers = 0
    var cachesDestroyedAfterBarrier = 0
    /// When the last child cache was destroyed.
    package var lastChildDestroyedAt: VirtualTime?
    var objcgsCreated = 0
    var objcgsReparented = 0
    var objcgsReleased = 0
    /// Stock drains and whole-page uncharges of the objcg stocks.
    var objStockDrains = 0
    var objStockPageUncharges = 0
    /// Slab statistic updates that reached a memcg (the rest stayed in stocks).
    var slabStatFlushes = 0

    init() {}
}
