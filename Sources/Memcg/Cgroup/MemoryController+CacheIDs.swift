extension MemoryController {
    /// The smallest and largest size of the arrays indexed by kmemcg cache
    /// ID (MEMCG_CACHES_MIN_SIZE, MEMCG_CACHES_MAX_SIZE).
    static let cacheIDArrayMinSize = 4
    static let cacheIDArrayMaxSize = 65_535

    /// `memcg_nr_cache_ids`: the size every per-memcg array indexed by
    /// cache ID (per-memcg cache arrays, eager list_lru arrays) has now;
    /// always 0 where the design has no such arrays (5.18 and later).
    public var cacheIDArraySize: Int { cacheIDArraySizeStorage }

    /// Registers a callback run (under the global lock, before the new ID is
    /// used) each time `cacheIDArraySize` grows: the owners of arrays
    /// indexed by cache ID resize them. The argument is the new size.
    func onCacheIDArrayGrowth(_ grow: @escaping (Int) -> Void) {
        cacheIDArrayGrowthHooks.append(grow)
    }

    /// Gives an onlining memcg its kmemcg cache ID (the lowest free one),
    /// growing the ID-indexed arrays when the ID does not fit: to 2*(id+1),
    /// at least the minimum, at most the maximum. Where kmemcg_id is the
    /// memcg ID there is nothing to allocate and nothing grows.
    func assignCacheID(_ memcg: MemCgroup) throws(MemcgError) {
        guard design.kmemcgIDSource == .cacheIDA else { return }
        guard let id = kmemcgIDs.allocate() else {
            throw MemcgError(.ENOSPC, "all \(Self.cacheIDArrayMaxSize) kmemcg cache IDs are in use")
        }
        if id >= cacheIDArraySizeStorage {
            let size = min(max(2 * (id + 1), Self.cacheIDArrayMinSize), Self.cacheIDArrayMaxSize)
            cacheIDArraySizeStorage = size
            for grow in cacheIDArrayGrowthHooks { grow(size) }
        }
        memcg.cacheID = id
    }

    /// Returns the cache ID at offline, after the offline steps that drain
    /// what is indexed by it; the ID and its slots are then reused.
    func releaseCacheID(_ memcg: MemCgroup) {
        guard let id = memcg.cacheID else { return }
        kmemcgIDs.release(id)
        memcg.cacheID = nil
    }

    /// kmemcg cache IDs in use (taken from `memcg_cache_ida`).
    var cacheIDsInUse: Int { kmemcgIDs.inUse }

    /// `memcg->kmemcg_id` of an online, non-root memcg: its cache ID where
    /// the design allocates one, its memcg ID where the two are the same
    /// (5.18 and later); nil for the root and once offline.
    func kmemcgID(of memcg: MemCgroup) -> Int? {
        switch design.kmemcgIDSource {
        case .cacheIDA: return memcg.cacheID
        case .memcgID: return memcg.isRoot || memcg.state != .online ? nil : Int(memcg.id)
        }
    }
}
