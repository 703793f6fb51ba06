/// One slab (a `struct slab` / the slab fields of `struct page`) as a
/// 28-byte record in the arena's flat table.
///
/// Records are never Swift objects: a model of 200 million objects holds
/// about 1.6 million of these. The free-slot bitmap lives in the arena's
/// shared word pool at `bitmap`; a set bit is an allocated object, so the
/// population count of a slab's words equals `inuse`.
struct SlabRecord {
    /// Sentinel for "no record" in links and offsets.
    static let none = UInt32.max

    /// Index of the owning cache (`slab->slab_cache`).
    var cache: UInt32 = 0
    /// Links of the node list the slab is on (`slab->slab_list`).
    var prev: UInt32 = none
    var next: UInt32 = none
    /// First word of the slab's bitmap in the arena's word pool.
    var bitmap: UInt32 = 0
    /// Start of the per-object tag vector in the tag pool, or 0 (none).
    var tags: UInt32 = 0
    /// Allocated objects (`slab->inuse`).
    var inuse: UInt16 = 0
    /// NUMA node of the slab's pages.
    var node: UInt16 = 0
    /// Bumped when the record is freed, so stale handles are detected.
    var generation: UInt16 = 0
    /// Lowest bitmap word that may have a free slot.
    var hint: UInt8 = 0
    /// Which list the slab is on.
    var list: SlabListKind = .unused
}

/// The node list a slab belongs to, or none when the record is free.
enum SlabListKind: UInt8 {
    /// Record not in use: on the arena's free-record chain.
    case unused
    /// No objects allocated; kept for reuse (SLUB keeps these on the
    /// partial list, within `min_partial`).
    case empty
    /// Some but not all objects allocated (`n->partial`).
    case partial
    /// Every object allocated (`n->full`, a debug list in SLUB; the model
    /// keeps it always so that later layers can walk a cache's slabs).
    case full
}
