/// Where a memcg's `kmemcg_id` comes from: the part of the lifecycle that
/// differs between the two `KmemcgIDSource`s (which follow from the
/// list_lru and slab designs). `KmemcgIDFromCacheIDA` (3.19 to 5.17) and
/// `KmemcgIDFromMemcgID` (5.18 on) implement it.
protocol KmemcgIDRules {
    /// `memcg_online_kmem()`'s part at mkdir: gives the onlining memcg its
    /// kmemcg ID if it needs one of its own. On failure nothing is held
    /// and the mkdir fails with the error.
    func onlined(_ memcg: MemCgroup, in controller: MemoryController) throws(MemcgError)

    /// `memcg_offline_kmem()`'s part, after the offline steps that drain
    /// what is indexed by the ID: gives it back.
    func offlined(_ memcg: MemCgroup, in controller: MemoryController)

    /// `memcg->kmemcg_id` of an online, non-root memcg; nil for the root
    /// and once offline.
    func kmemcgID(of memcg: MemCgroup) -> Int?
}

/// The variant the controller holds from init, as an enum with the variant
/// as payload (as `MemcgIDLifetime`): every mkdir and offline switch on it
/// inline rather than through a witness table.
enum KmemcgIDAssignment: KmemcgIDRules {
    case cacheIDA(KmemcgIDFromCacheIDA)
    case memcgID(KmemcgIDFromMemcgID)

    @inline(__always)
    func onlined(_ memcg: MemCgroup, in controller: MemoryController) throws(MemcgError) {
        switch self {
        case .cacheIDA(let rules): try rules.onlined(memcg, in: controller)
        case .memcgID(let rules): try rules.onlined(memcg, in: controller)
        }
    }

    @inline(__always)
    func offlined(_ memcg: MemCgroup, in controller: MemoryController) {
        switch self {
        case .cacheIDA(let rules): rules.offlined(memcg, in: controller)
        case .memcgID(let rules): rules.offlined(memcg, in: controller)
        }
    }

    func kmemcgID(of memcg: MemCgroup) -> Int? {
        switch self {
        case .cacheIDA(let rules): return rules.kmemcgID(of: memcg)
        case .memcgID(let rules): return rules.kmemcgID(of: memcg)
        }
    }
}
