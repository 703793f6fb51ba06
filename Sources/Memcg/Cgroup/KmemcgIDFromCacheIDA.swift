/// 3.19 to 5.17: the kmemcg ID is a cache ID from `memcg_cache_ida`,
/// taken by `memcg_online_kmem()` (the lowest free one, through
/// `memcg_alloc_cache_id()`) and given back at offline. Every array indexed
/// by it (per-memcg child caches, eager list_lru arrays) has
/// `memcg_nr_cache_ids` entries, grown when a new ID does not fit.
struct KmemcgIDFromCacheIDA: KmemcgIDRules {
    /// Takes the lowest free cache ID, growing the ID-indexed arrays when
    /// it does not fit: to 2*(id+1), at least the minimum, at most the maximum.
    func onlined(_ memcg: MemCgroup, in controller: MemoryController) throws(MemcgError) {
        guard let id = controller.kmemcgIDs.allocate() else {
            throw MemcgError(.ENOSPC, "all \(MemoryController.cacheIDArrayMaxSize) kmemcg cache IDs are in use")
        }
        if id >= controller.cacheIDArraySizeStorage {
            let size = min(max(2 * (id + 1), MemoryController.cacheIDArrayMinSize), MemoryController.cacheIDArrayMaxSize)
            controller.cacheIDArraySizeStorage = size
            for grow in controller.cacheIDArrayGrowthHooks { grow(size) }
        }
        guard memcg.assignCacheID(id) else {
            controller.kmemcgIDs.release(id)
            controller.refuseCacheIDMove(memcg, to: .held(id))
            return
        }
    }

    /// The ID and its slots are then reused by the next memcg to online.
    func offlined(_ memcg: MemCgroup, in controller: MemoryController) {
        guard let id = memcg.releaseCacheID() else {
            controller.refuseCacheIDMove(memcg, to: .released)
            return
        }
        controller.kmemcgIDs.release(id)
    }

    func kmemcgID(of memcg: MemCgroup) -> Int? { memcg.cacheID }
}
