/// Where a memcg's `kmemcg_id` comes from: the index of its entries in the
/// arrays and maps shared by every memcg.
///
/// Not a knob of its own: it follows from the list_lru and slab designs,
/// because the separate ID space existed only to index their per-memcg
/// arrays.
public enum KmemcgIDSource: Sendable, Hashable {
    /// `memcg_cache_ida`: memcg_online_kmem takes the lowest free ID and
    /// offline gives it back; `memcg_nr_cache_ids`, the size of every array
    /// indexed by it, grows when a new ID does not fit (memcg_alloc_cache_id,
    /// 3.19 to 5.17). The per-memcg child caches (to 5.8) and the eager
    /// list_lru arrays (to 5.17) were indexed by it; 5.9 to 5.17 kept it for
    /// the list_lru arrays alone.
    case cacheIDA
    /// The memcg ID itself: with list_lru lists in an xarray ("mm: list_lru:
    /// replace linear array with xarray", bbca91cca9a9) nothing needed a
    /// dense index, and "mm: memcontrol: reuse memory cgroup ID for kmem ID"
    /// (f9b1038ebccad, 5.18) set kmemcg_id to memcg->id.id and removed the
    /// IDA and memcg_nr_cache_ids; later releases keep it so.
    case memcgID
}

extension Design {
    /// The kmemcg ID source this design's release had: the IDA as long as
    /// anything indexes arrays by it (eager list_lru or per-memcg caches).
    public var kmemcgIDSource: KmemcgIDSource {
        listLRU == .eager || slabAccounting == .perMemcgCaches ? .cacheIDA : .memcgID
    }
}

extension KmemcgIDSource {
    /// The variant that carries this source's code.
    var assignment: KmemcgIDAssignment {
        switch self {
        case .cacheIDA: return .cacheIDA(KmemcgIDFromCacheIDA())
        case .memcgID: return .memcgID(KmemcgIDFromMemcgID())
        }
    }
}
