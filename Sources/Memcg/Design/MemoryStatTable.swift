/// Which release's key table cgroup v2's memory.stat and memory.numa_stat
/// print: the keys, their order, and whether memory.numa_stat exists.
///
/// A value is named after the first release whose table it is and covers
/// the releases up to the next value. The model's counters are the same
/// under every value: a key the release lacks is not printed, a key the
/// release printed but the model does not keep prints 0. Each table is
/// that of a distribution x86-64 build (CONFIG_SWAP, CONFIG_ZSWAP,
/// CONFIG_TRANSPARENT_HUGEPAGE, CONFIG_NUMA_BALANCING).
public enum MemoryStatTable: String, DesignKnobValue, Comparable {
    /// 4.8 to 4.11: memory_stat_show's seq_printf lines. `slab` follows
    /// `kernel_stack`; no `shmem` (4.12, "mm: memcontrol: provide shmem
    /// statistics"), no workingset lines (4.12) and no reclaim events
    /// (4.13, "mm: per-cgroup memory reclaim stats"): the events are
    /// `pgfault` and `pgmajfault` only.
    case v4_8 = "4.8"
    /// 5.3 to 5.6: memory_stat_format of c8713d0b2312 ("mm: memcontrol:
    /// dump memory.stat during cgroup OOM", 5.3), `anon_thp` after the file
    /// lines and one `workingset_refault`/`workingset_activate` for file
    /// pages (anon workingset detection came in 5.9, so the model's file
    /// items are printed under the old names).
    case v5_3 = "5.3"
    /// 5.9: memory_stat_format's seq_buf_printf lines as 5f9a4f4a7096
    /// ("mm: memcontrol: add the missing numa_stat interface for cgroup
    /// v2", posted in September 2020 against the 5.9 mm tree and merged
    /// for 5.10) removed them: `slab` after `kernel_stack`, then `percpu`,
    /// `anon_thp` after the file lines, `pgfault` and `pgmajfault` before
    /// the anon and file workingset items of 5.9 (170b04b7ae49, "mm/
    /// workingset: prepare the workingset detection infrastructure for
    /// anon LRU"), then the reclaim events of 5.3. No memory.numa_stat.
    case v5_9 = "5.9"
    /// 5.10: the `memory_stats[]` table (percpu, the anon and file
    /// workingset items, workingset_restore_*), `slab` printed after
    /// `slab_unreclaimable`, then the events of 5.3; read from a 5.10.13
    /// tree. memory.numa_stat for cgroup v2 is 5f9a4f4a7096 ("mm:
    /// memcontrol: add the missing numa_stat interface for cgroup v2",
    /// 5.10), which introduced the table.
    case v5_10 = "5.10"
    /// 5.12 to 5.17: `pagetables` (5.11), `swapcached` (b6038942480e,
    /// 5.12), `file_thp` and `shmem_thp` (5.11).
    case v5_12 = "5.12"
    /// 5.18: `kernel` after `file` (a8c49af3be5f, "memcg: add per-memcg
    /// total kernel memory stat"). The events are still those of 5.3; the
    /// `memcg_vm_event_stat[]` list with the kswapd/direct split came in 6.0.
    case v5_18 = "5.18"
    /// 6.12: `memory_stats[]` (anon, file, kernel, kernel_stack,
    /// pagetables, sec_pagetables, percpu, sock, vmalloc, shmem, zswap,
    /// zswapped, file_mapped, file_dirty, file_writeback, swapcached, the
    /// three thp items, the LRU lists, the two slab items with `slab` after
    /// them, the workingset items, pgdemote_kswapd/direct/khugepaged,
    /// pgpromote_success), then `pgscan`/`pgsteal` and each event of
    /// `memcg_vm_event_stat[]` v2 prints: the kswapd/direct/khugepaged
    /// split of pgscan and pgsteal, pgfault, pgmajfault, pgrefill,
    /// pgactivate, pgdeactivate, pglazyfree(d), swpin_zero, swpout_zero,
    /// zswpin, zswpout, zswpwb, thp_fault_alloc, thp_collapse_alloc,
    /// thp_swpout(_fallback), and the three NUMA-balancing events.
    /// memory.numa_stat prints the node items of memory_stats[] (the
    /// pgdemote and pgpromote lines among them).
    ///
    /// Sources (no 6.12-tagged mm/memcontrol.c was at hand; the table is
    /// 6.13's memory_stats[] and memcg_stat_format, read from a 6.13
    /// mm/memcontrol.c, less what the 6.13 merge added):
    /// - swpin_zero and swpout_zero are 6.12's: e7ac4daeed91 ("mm: count
    ///   zeromap read and set for swapout and swapin") is in Andrew
    ///   Morton's "[GIT PULL] hotfixes for 6.12" of 2024-11-12
    ///   (mm-hotfixes-stable-2024-11-12-16-39), merged by Linus as
    ///   4b49c0ba4eeb before v6.12 (adc218676eef, 2024-11-17);
    /// - pswpin and pswpout are not: "mm/memcontrol: add per-memcg
    ///   pgpgin/pswpin counter" (Jingxiang Zeng) is in "[GIT PULL] MM
    ///   updates for 6.13-rc1" (2024-11-18, mm-stable-2024-11-18-19-27,
    ///   based on e7ac4daeed91);
    /// - nor is `hugetlb`: "memcg/hugetlb: add hugeTLB counters to memcg"
    ///   (Joshua Hahn, v4 of 2024-11-01: "the metric is not reported in
    ///   memory.stat") is in the same 6.13-rc1 pull;
    /// - a vendor copy of an Android 6.12 kernel's memcg_vm_event_stat[]
    ///   and memcg_node_stat_items[] (Oplus hybridswap, "copy from
    ///   mm/memcontrol.c") has PGPGIN/PGPGOUT under CONFIG_MEMCG_V1, no
    ///   PSWPIN/PSWPOUT, SWPIN_ZERO/SWPOUT_ZERO, ZSWPWB, the thp_swpout and
    ///   NUMA events, and no NR_HUGETLB: the same list;
    /// - pgdemote_proactive (and the proactive pgscan/pgsteal split) came
    ///   after 6.13.
    case v6_12 = "6.12"

    public var summary: String {
        switch self {
        case .v4_8: return "memory.stat of 4.8 to 4.11 (no shmem, workingset or reclaim events); no memory.numa_stat"
        case .v5_3: return "memory.stat of 5.3 to 5.6 (anon_thp, one workingset_refault, the reclaim events); no memory.numa_stat"
        case .v5_9: return "memory.stat of 5.9 (slab after kernel_stack, percpu, anon and file workingset items after pgfault); no memory.numa_stat"
        case .v5_10: return "memory_stats[] of 5.10 (percpu, anon and file workingset items) and memory.numa_stat"
        case .v5_12: return "5.12 to 5.17: adds pagetables, swapcached, file_thp, shmem_thp"
        case .v5_18: return "5.18: adds kernel"
        case .v6_12: return "6.12: memory_stats[] and memcg_vm_event_stat[] (zswap, pgdemote, swpin_zero, zswpwb, thp_swpout, NUMA events)"
        }
    }

    /// Whether cgroup v2 has memory.numa_stat (5.10 on).
    public var hasNumaStat: Bool { self >= .v5_10 }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
