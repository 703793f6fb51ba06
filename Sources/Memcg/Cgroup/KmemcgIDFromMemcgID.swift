/// 5.18 and later ("mm: memcontrol: reuse memory cgroup ID for kmem ID",
/// f9b1038ebccad): with list_lru lists in an xarray nothing needs a dense
/// index, so `kmemcg_id` is the memcg ID; there is no cache ID to take or
/// give back and no `memcg_nr_cache_ids` to grow.
struct KmemcgIDFromMemcgID: KmemcgIDRules {
    func onlined(_ memcg: MemCgroup, in controller: MemoryController) throws(MemcgError) {}

    func offlined(_ memcg: MemCgroup, in controller: MemoryController) {}

    func kmemcgID(of memcg: MemCgroup) -> Int? {
        memcg.isRoot || !memcg.state.isOnline ? nil : memcg.id
    }
}
