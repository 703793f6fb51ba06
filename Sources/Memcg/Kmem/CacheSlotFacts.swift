/// What the objcg allocation and free paths need to know about the cache
/// in one slot of the kmem layer's table, kept apart from its `KmemCache`.
///
/// Loading a class reference out of the table costs a retain and a
/// release, two atomic operations, and an accounted alloc+free under objcg
/// took four such pairs in about 100 ns; these plain values cost none.
/// `install` sets them and `unregister` clears them with the table entry.
struct CacheSlotFacts {
    /// The live cache in the slot, nil when the slot is empty.
    var id: SlabCacheID?
    /// A root cache with SLAB_ACCOUNT: its allocations may be charged.
    var accountedRoot = false
    /// Bytes an object is charged under objcg (`obj_full_size`).
    var objcgBytes = 0
    /// Whether its slab pages count as reclaimable (SLAB_RECLAIM_ACCOUNT).
    var reclaimable = false
}
