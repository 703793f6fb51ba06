public import KernelSim

/// Figures about the kmem layer: cache lifecycles, list walks, sysfs,
/// objcgs. Everything the cache-teardown and slab-sharing scenarios report
/// that is not already a workqueue's, a mutex's or RCU's statistic.
public struct KmemStatistics: Hashable, Sendable {
    public var childCachesCreated = 0
    public var childCachesDestroyed = 0
    /// Child caches moved to the parent at their memcg's offline (5.3 to 5.8).
    public var childCachesReparented = 0
    /// Creations that found the memcg offline or failed (fault point).
    public var childCacheCreationsAborted = 0
    /// Accounted allocations served by the root cache while the child
    /// cache was being created.
    public var fallbackAllocations = 0
    /// Nodes visited by walks of the cache lists (global, root, per-memcg).
    public var listNodesVisited: UInt64 = 0
    public var sysfsDirectories = 0
    public var peakSysfsDirectories = 0
    public var deactivations = 0
    /// rcu_barrier calls made for SLAB_TYPESAFE_BY_RCU caches, and how many
    /// caches they served.
    public var cacheRCUBarriers = 0
    public var cachesDestroyedAfterBarrier = 0
    /// When the last child cache was destroyed.
    public var lastChildDestroyedAt: VirtualTime?
    public var objcgsCreated = 0
    public var objcgsReparented = 0
    public var objcgsReleased = 0
    /// Stock drains and whole-page uncharges of the objcg stocks.
    public var objStockDrains = 0
    public var objStockPageUncharges = 0
    /// Slab statistic updates that reached a memcg (the rest stayed in stocks).
    public var slabStatFlushes = 0

    public init() {}
}
