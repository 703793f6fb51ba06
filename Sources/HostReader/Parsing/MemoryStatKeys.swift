/// The keys each kernel's memory.stat and cgroup.stat may print, so that a
/// key outside them is reported as unknown (a newer kernel, a vendor patch
/// or a damaged file) rather than silently passed over.
enum MemoryStatKeys {
    /// cgroup v2 memory.stat: `memory_stats[]` of 4.16-6.18 kernels (with
    /// the per-config entries: THP, zswap, hugetlb, NUMA balancing, tiering),
    /// the `slab` sum, `pgscan`/`pgsteal` and `memcg_vm_event_stat[]`.
    static let v2: Set<String> = [
        "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock",
        "vmalloc", "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback",
        "swapcached", "anon_thp", "file_thp", "shmem_thp", "inactive_anon", "active_anon",
        "inactive_file", "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable",
        "slab", "hugetlb", "workingset_refault", "workingset_activate", "workingset_restore",
        "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
        "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
        "workingset_nodereclaim", "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
        "pgdemote_proactive", "pgpromote_success", "pgscan", "pgsteal", "pgscan_kswapd",
        "pgscan_direct", "pgscan_khugepaged", "pgscan_proactive", "pgsteal_kswapd", "pgsteal_direct",
        "pgsteal_khugepaged", "pgsteal_proactive", "pgfault", "pgmajfault", "pgrefill", "pgactivate",
        "pgdeactivate", "pglazyfree", "pglazyfreed", "swpin_zero", "swpout_zero", "zswpin", "zswpout",
        "zswpwb", "thp_fault_alloc", "thp_collapse_alloc", "thp_swpout", "thp_swpout_fallback",
        "numa_pages_migrated", "numa_pte_updates", "numa_hint_faults", "pswpin", "pswpout",
        "pgpgin", "pgpgout",
    ]

    /// The counters cgroup v1 prints locally and again with a `total_` prefix.
    static let v1Items: [String] = [
        "cache", "rss", "rss_huge", "shmem", "mapped_file", "dirty", "writeback",
        "workingset_refault_anon", "workingset_refault_file", "swap", "swapcached", "pgpgin",
        "pgpgout", "pgfault", "pgmajfault", "inactive_anon", "active_anon", "inactive_file",
        "active_file", "unevictable",
    ]

    /// cgroup v1 memory.stat: the items, the hierarchical limits, the
    /// `total_` items, and the CONFIG_DEBUG_VM `recent_*` lines.
    static let v1: Set<String> = {
        var keys = Set(v1Items)
        keys.formUnion(v1Items.map { "total_" + $0 })
        keys.formUnion(["hierarchical_memory_limit", "hierarchical_memsw_limit",
                        "recent_rotated_anon", "recent_rotated_file", "recent_scanned_anon", "recent_scanned_file"])
        return keys
    }()

    /// cgroup.stat: the two counts, and the per-subsystem lines of 6.11+
    /// (`nr_subsys_<ss>`, `nr_dying_subsys_<ss>`).
    static func isCgroupStatKey(_ key: String) -> Bool {
        key == "nr_descendants" || key == "nr_dying_descendants"
            || key.hasPrefix("nr_subsys_") || key.hasPrefix("nr_dying_subsys_")
    }
}
