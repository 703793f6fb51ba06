/// One slab cache's identity and geometry in the arena's cache table: the
/// non-list part of `struct kmem_cache`. The fields the
/// fast paths need are in `SlabCacheGeometry`.
struct SlabCacheRecord {
    var name: String
    var layout: SlabLayout
    var flags: SlabFlags
    /// Owner tag reported with every page (0 = root cache, unaccounted).
    var owner: UInt32
    /// Index of the root cache of a per-memcg child cache, or none.
    var root: UInt32
    /// Creation sequence number: stable order for /proc/slabinfo cursors.
    var serial: UInt64
    /// Not listed in /proc/slabinfo (kmalloc_large stand-ins).
    var hidden: Bool
    /// Neighbours in creation order among live caches (`slab_caches`).
    var olderSibling: UInt32 = SlabRecord.none
    var newerSibling: UInt32 = SlabRecord.none
}
