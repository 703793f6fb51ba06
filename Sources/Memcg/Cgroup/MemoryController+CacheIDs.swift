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
    /// used) each time `cacheIDArraySize` grows (`KmemcgIDFromCacheIDA`):
    /// the owners of arrays indexed by cache ID resize them. The argument
    /// is the new size.
    func onCacheIDArrayGrowth(_ grow: @escaping (Int) -> Void) {
        cacheIDArrayGrowthHooks.append(grow)
    }

    /// kmemcg cache IDs in use (taken from `memcg_cache_ida`).
    var cacheIDsInUse: Int { kmemcgIDs.inUse }

    /// `memcg->kmemcg_id` of an online, non-root memcg: its cache ID where
    /// the design allocates one, its memcg ID where the two are the same
    /// (5.18 and later); nil for the root and once offline.
    func kmemcgID(of memcg: MemCgroup) -> Int? {
        kmemcgIDAssignment.kmemcgID(of: memcg)
    }

    /// A kmemcg cache ID move that does not follow the state it leaves
    /// (`KmemcgCacheIDState`: taken once, given back once): recorded as a
    /// model violation, as a reference count misuse is, and refused.
    @inline(never)
    func refuseCacheIDMove(_ memcg: MemCgroup, to next: KmemcgCacheIDState) {
        report(ModelViolation("lifecycle", "kmemcg cache ID of cgroup \(memcg.path) #\(memcg.serial) moved from \(memcg.cacheIDState.name) to \(next.name)"))
    }
}
