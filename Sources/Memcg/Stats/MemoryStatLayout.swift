/// The lines of cgroup v2's memory.stat and memory.numa_stat in a
/// release's order (see `MemoryStatTable` for the releases and sources),
/// including keys this model does not keep (they print 0).
///
/// `pgscan` and `pgsteal` are the sums of their `_kswapd` and `_direct`
/// counts (khugepaged is not modelled); `slab` is the sum of the two slab
/// items and sits where each release printed it.
struct MemoryStatLayout: Sendable {
    /// A memory.stat line: an item the model keeps, an item printed under a
    /// release's older name, or a key the model does not keep.
    enum Line: Sendable {
        case item(MemcgStatItem)
        case renamed(String, MemcgStatItem)
        case unmodelled(String, perNode: Bool)

        var isPerNode: Bool {
            switch self {
            case .item(let item), .renamed(_, let item): return item.isPerNode
            case .unmodelled(_, let perNode): return perNode
            }
        }

        var key: String {
            switch self {
            case .item(let item): return item.key
            case .renamed(let key, _), .unmodelled(let key, _): return key
            }
        }
    }

    let memoryStat: [Line]
    /// memory.numa_stat shows the node items of the table in the same order
    /// (memory_numa_stat_show skips items at or past NR_VM_NODE_STAT_ITEMS);
    /// `slab` (a sum) and the memcg-only items are not among them.
    let numaStat: [Line]

    init(_ lines: [Line]) {
        memoryStat = lines
        numaStat = lines.filter(\.isPerNode)
    }

    static let pageSize: Int64 = 4096

    static func of(_ table: MemoryStatTable) -> MemoryStatLayout {
        switch table {
        case .v4_8: return v4_8
        case .v5_3: return v5_3
        case .v5_9: return v5_9
        case .v5_10: return v5_10
        case .v5_12: return v5_12
        case .v5_18: return v5_18
        case .v6_12: return v6_12
        }
    }

    private static func node(_ key: String) -> Line { .unmodelled(key, perNode: true) }
    private static func memcgOnly(_ key: String) -> Line { .unmodelled(key, perNode: false) }

    private static let lruLines: [Line] = [
        .item(.inactiveAnon), .item(.activeAnon), .item(.inactiveFile), .item(.activeFile), .item(.unevictable),
    ]

    private static let workingsetLines: [Line] = [
        .item(.workingsetRefaultAnon), .item(.workingsetRefaultFile),
        .item(.workingsetActivateAnon), .item(.workingsetActivateFile),
        .item(.workingsetRestoreAnon), .item(.workingsetRestoreFile),
        node("workingset_nodereclaim"),
    ]

    /// The event lines 5.3 to 5.18 printed one by one after the state.
    private static let eventsBefore6_0: [Line] = [
        .item(.pgfault), .item(.pgmajfault), .item(.pgrefill), .item(.pgscan), .item(.pgsteal),
        .item(.pgactivate), .item(.pgdeactivate), memcgOnly("pglazyfree"), memcgOnly("pglazyfreed"),
        memcgOnly("thp_fault_alloc"), memcgOnly("thp_collapse_alloc"),
    ]

    static let v4_8 = MemoryStatLayout([
        .item(.anon), .item(.file), .item(.kernelStack), .item(.slab), .item(.sock),
        .item(.fileMapped), .item(.fileDirty), .item(.fileWriteback),
    ] + lruLines + [
        .item(.slabReclaimable), .item(.slabUnreclaimable),
        .item(.pgfault), .item(.pgmajfault),
    ])

    static let v5_3 = MemoryStatLayout([
        .item(.anon), .item(.file), .item(.kernelStack), .item(.slab), .item(.sock), .item(.shmem),
        .item(.fileMapped), .item(.fileDirty), .item(.fileWriteback), memcgOnly("anon_thp"),
    ] + lruLines + [
        .item(.slabReclaimable), .item(.slabUnreclaimable),
        .item(.pgfault), .item(.pgmajfault),
        .renamed("workingset_refault", .workingsetRefaultFile),
        .renamed("workingset_activate", .workingsetActivateFile),
        node("workingset_nodereclaim"),
        .item(.pgrefill), .item(.pgscan), .item(.pgsteal), .item(.pgactivate), .item(.pgdeactivate),
        memcgOnly("pglazyfree"), memcgOnly("pglazyfreed"),
        memcgOnly("thp_fault_alloc"), memcgOnly("thp_collapse_alloc"),
    ])

    static let v5_9 = MemoryStatLayout([
        .item(.anon), .item(.file), .item(.kernelStack), .item(.slab), .item(.percpu), .item(.sock), .item(.shmem),
        .item(.fileMapped), .item(.fileDirty), .item(.fileWriteback), node("anon_thp"),
    ] + lruLines + [
        .item(.slabReclaimable), .item(.slabUnreclaimable),
        .item(.pgfault), .item(.pgmajfault),
    ] + workingsetLines + [
        .item(.pgrefill), .item(.pgscan), .item(.pgsteal), .item(.pgactivate), .item(.pgdeactivate),
        memcgOnly("pglazyfree"), memcgOnly("pglazyfreed"),
        memcgOnly("thp_fault_alloc"), memcgOnly("thp_collapse_alloc"),
    ])

    static let v5_10 = MemoryStatLayout([
        .item(.anon), .item(.file), .item(.kernelStack), .item(.percpu), .item(.sock), .item(.shmem),
        .item(.fileMapped), .item(.fileDirty), .item(.fileWriteback), node("anon_thp"),
    ] + lruLines + [
        .item(.slabReclaimable), .item(.slabUnreclaimable), .item(.slab),
    ] + workingsetLines + eventsBefore6_0)

    /// 5.12 to 5.17, and with `kernel` after `file` from 5.18.
    private static func from5_12(kernel: Bool) -> MemoryStatLayout {
        MemoryStatLayout([.item(.anon), .item(.file)] + (kernel ? [.item(.kernel)] : []) + [
            .item(.kernelStack), node("pagetables"), .item(.percpu), .item(.sock), .item(.shmem),
            .item(.fileMapped), .item(.fileDirty), .item(.fileWriteback), node("swapcached"),
            node("anon_thp"), node("file_thp"), node("shmem_thp"),
        ] + lruLines + [
            .item(.slabReclaimable), .item(.slabUnreclaimable), .item(.slab),
        ] + workingsetLines + eventsBefore6_0)
    }

    static let v5_12 = from5_12(kernel: false)
    static let v5_18 = from5_12(kernel: true)

    /// memory_stats[] (no `hugetlb`: that line came in 6.13), `slab`
    /// after `slab_unreclaimable`, then `pgscan`/`pgsteal` and
    /// memcg_vm_event_stat[] without PGPGIN/PGPGOUT (CONFIG_MEMCG_V1 only)
    /// and without PSWPIN/PSWPOUT (6.13).
    static let v6_12 = MemoryStatLayout([
        .item(.anon), .item(.file), .item(.kernel), .item(.kernelStack),
        node("pagetables"), node("sec_pagetables"),
        .item(.percpu), .item(.sock), memcgOnly("vmalloc"), .item(.shmem),
        memcgOnly("zswap"), memcgOnly("zswapped"),
        .item(.fileMapped), .item(.fileDirty), .item(.fileWriteback), node("swapcached"),
        node("anon_thp"), node("file_thp"), node("shmem_thp"),
    ] + lruLines + [
        .item(.slabReclaimable), .item(.slabUnreclaimable), .item(.slab),
    ] + workingsetLines + [
        node("pgdemote_kswapd"), node("pgdemote_direct"), node("pgdemote_khugepaged"), node("pgpromote_success"),
        .item(.pgscan), .item(.pgsteal),
        .item(.pgscanKswapd), .item(.pgscanDirect), memcgOnly("pgscan_khugepaged"),
        .item(.pgstealKswapd), .item(.pgstealDirect), memcgOnly("pgsteal_khugepaged"),
        .item(.pgfault), .item(.pgmajfault),
        .item(.pgrefill), .item(.pgactivate), .item(.pgdeactivate),
        memcgOnly("pglazyfree"), memcgOnly("pglazyfreed"),
        memcgOnly("swpin_zero"), memcgOnly("swpout_zero"),
        memcgOnly("zswpin"), memcgOnly("zswpout"), memcgOnly("zswpwb"),
        memcgOnly("thp_fault_alloc"), memcgOnly("thp_collapse_alloc"),
        memcgOnly("thp_swpout"), memcgOnly("thp_swpout_fallback"),
        memcgOnly("numa_pages_migrated"), memcgOnly("numa_pte_updates"), memcgOnly("numa_hint_faults"),
    ])
}
