/// Before 5.9: `struct mem_cgroup`, its per-node parts and its per-CPU
/// areas are allocated without `__GFP_ACCOUNT`, so they are in memory but
/// show in no cgroup's usage, however long a dying memcg lingers.
struct MemcgMetadataUnaccounted: MemcgMetadataRules {
    func allocated(_ memcg: MemCgroup, under parent: MemCgroup, in controller: MemoryController) throws(MemcgError) {}

    func freed(_ memcg: MemCgroup, from parent: MemCgroup, in controller: MemoryController) {}
}
