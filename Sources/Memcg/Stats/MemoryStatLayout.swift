/// The lines of cgroup v2's memory.stat and memory.numa_stat, in the
/// kernel's order, including keys this model does not keep (they print 0).
///
/// The layout is that of a 6.3-era mainline kernel built with CONFIG_SWAP
/// and CONFIG_TRANSPARENT_HUGEPAGE and without zswap: `memory_stats[]`,
/// with `slab` after `slab_unreclaimable`, then the summed `pgscan` and
/// `pgsteal`, then the per-memcg vm events. `pgscan` and `pgsteal` are the
/// sums of their `_kswapd` and `_direct` lines (khugepaged is not modelled).
enum MemoryStatLayout {
    /// A memory.stat line: an item the model keeps, or a key it does not.
    enum Line {
        case item(MemcgStatItem)
        case unmodelled(String, perNode: Bool)
    }

    static let memoryStat: [Line] = [
        .item(.anon), .item(.file), .item(.kernel), .item(.kernelStack),
        .unmodelled("pagetables", perNode: true), .unmodelled("sec_pagetables", perNode: true),
        .item(.percpu), .item(.sock), .unmodelled("vmalloc", perNode: false), .item(.shmem),
        .item(.fileMapped), .item(.fileDirty),
        .item(.fileWriteback), .unmodelled("swapcached", perNode: true),
        .unmodelled("anon_thp", perNode: true), .unmodelled("file_thp", perNode: true),
        .unmodelled("shmem_thp", perNode: true),
        .item(.inactiveAnon), .item(.activeAnon), .item(.inactiveFile), .item(.activeFile),
        .item(.unevictable), .item(.slabReclaimable), .item(.slabUnreclaimable), .item(.slab),
        .item(.workingsetRefaultAnon), .item(.workingsetRefaultFile),
        .item(.workingsetActivateAnon), .item(.workingsetActivateFile),
        .item(.workingsetRestoreAnon), .item(.workingsetRestoreFile),
        .unmodelled("workingset_nodereclaim", perNode: true),
        .item(.pgscan), .item(.pgsteal),
        .item(.pgscanKswapd), .item(.pgscanDirect),
        .unmodelled("pgscan_khugepaged", perNode: false), .item(.pgstealKswapd),
        .item(.pgstealDirect), .unmodelled("pgsteal_khugepaged", perNode: false),
        .unmodelled("pgfault", perNode: false), .unmodelled("pgmajfault", perNode: false),
        .item(.pgrefill),
        .item(.pgactivate), .item(.pgdeactivate),
        .unmodelled("pglazyfree", perNode: false), .unmodelled("pglazyfreed", perNode: false),
        .unmodelled("thp_fault_alloc", perNode: false), .unmodelled("thp_collapse_alloc", perNode: false),
    ]

    /// memory.numa_stat shows the node items of `memory_stats[]` in the same
    /// order; `slab` (a sum) and the memcg-only items are not among them.
    static let numaStat: [Line] = memoryStat.filter { line in
        switch line {
        case .item(let item): return item.isPerNode
        case .unmodelled(_, let perNode): return perNode
        }
    }

    static let pageSize: Int64 = 4096
}
