import CgroupFS
import KernelSim
import Memcg
import MemcgTestSupport
import Testing
import Workload

/// memory.stat and memory.numa_stat print the keys of the preset's release
/// in its order: what a tool parsing a real host of that release sees.
@Suite struct MemoryStatTableTests {
    private func filesystem(_ preset: String) throws -> CgroupFS {
        let mc = try testController(preset: preset)
        return CgroupFS(controller: mc, tasks: TaskTable(controller: mc))
    }

    private func keys(_ text: String) -> [String] {
        text.split(separator: "\n").map { String($0.split(separator: " ")[0]) }
    }

    /// 6.12's memory_stats[] then pgscan/pgsteal and memcg_vm_event_stat[]:
    /// swpin_zero and swpout_zero (a 6.12 hotfix), but neither pswpin and
    /// pswpout nor hugetlb, which came in 6.13.
    @Test func v6_12PrintsItsTableInOrder() throws {
        let fs = try filesystem("v6.12")
        try fs.mkdir("/a")
        #expect(keys(try fs.read("/a/memory.stat")) == [
            "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc",
            "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback", "swapcached",
            "anon_thp", "file_thp", "shmem_thp", "inactive_anon", "active_anon", "inactive_file", "active_file",
            "unevictable", "slab_reclaimable", "slab_unreclaimable", "slab",
            "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
            "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
            "workingset_nodereclaim", "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
            "pgpromote_success", "pgscan", "pgsteal",
            "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgsteal_kswapd", "pgsteal_direct",
            "pgsteal_khugepaged", "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate",
            "pglazyfree", "pglazyfreed", "swpin_zero", "swpout_zero", "zswpin", "zswpout", "zswpwb",
            "thp_fault_alloc", "thp_collapse_alloc", "thp_swpout", "thp_swpout_fallback",
            "numa_pages_migrated", "numa_pte_updates", "numa_hint_faults",
        ])
        #expect(keys(try fs.read("/a/memory.numa_stat")) == [
            "anon", "file", "kernel_stack", "pagetables", "sec_pagetables", "shmem", "file_mapped", "file_dirty",
            "file_writeback", "swapcached", "anon_thp", "file_thp", "shmem_thp", "inactive_anon", "active_anon",
            "inactive_file", "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable",
            "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
            "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
            "workingset_nodereclaim", "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged",
            "pgpromote_success",
        ])
    }

    /// 5.4 prints 5.3's memory_stat_format: slab after kernel_stack, no
    /// percpu, one workingset_refault (file pages), the events one by one;
    /// there is no memory.numa_stat yet.
    @Test func v5_4PrintsTheSeqBufFormatOf5_3AndHasNoNumaStat() throws {
        let fs = try filesystem("v5.4")
        try fs.mkdir("/a")
        let task = try fs.tasks.spawn(in: try fs.controller.lookup("/a"))
        try fs.tasks.accessFile(task, name: "f", superblock: "rootfs", bytes: 1_024 * PageSize.bytes, write: false, create: true)
        let text = try fs.read("/a/memory.stat")
        #expect(keys(text) == [
            "anon", "file", "kernel_stack", "slab", "sock", "shmem", "file_mapped", "file_dirty", "file_writeback",
            "anon_thp", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
            "slab_reclaimable", "slab_unreclaimable", "pgfault", "pgmajfault", "workingset_refault",
            "workingset_activate", "workingset_nodereclaim", "pgrefill", "pgscan", "pgsteal", "pgactivate",
            "pgdeactivate", "pglazyfree", "pglazyfreed", "thp_fault_alloc", "thp_collapse_alloc",
        ])
        // The counters are the model's: the file pages are there (less what
        // per-CPU batches still hold under 5.4's threshold spill).
        let file = text.split(separator: "\n").first { $0.hasPrefix("file ") }.flatMap { Int($0.dropFirst(5)) } ?? 0
        #expect(file > 512 * PageSize.bytes && file <= 1_024 * PageSize.bytes)
        do {
            _ = try fs.read("/a/memory.numa_stat")
            Issue.record("memory.numa_stat exists under v5.4")
        } catch {
            #expect(error.errno == .ENOENT)
        }
    }

    /// 4.10 and 4.11 (and v3.18, which prints the earliest table modelled)
    /// had neither shmem nor the reclaim events.
    @Test func v4_1xPrintsTheSeqPrintfLinesOf4_8() throws {
        for preset in ["v3.18", "v4.10", "v4.11"] {
            let fs = try filesystem(preset)
            #expect(keys(try fs.read("/memory.stat")) == [
                "anon", "file", "kernel_stack", "slab", "sock", "file_mapped", "file_dirty", "file_writeback",
                "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
                "slab_reclaimable", "slab_unreclaimable", "pgfault", "pgmajfault",
            ])
        }
    }

    /// The releases in between: 5.9's printf lines, 5.10's memory_stats[]
    /// with memory.numa_stat, pagetables and swapcached by 5.12, kernel in
    /// 5.18, zswap and the kswapd/direct split only later.
    @Test func theTablesBetweenGrowAsTheReleasesDid() throws {
        let v59 = keys(try filesystem("v5.9").read("/memory.stat"))
        var v510Design = try Preset.named("v5.9").design
        try v510Design.set("memoryStat", to: "5.10")
        let v510mc = MemoryController(kernel: Kernel(KernelConfiguration()), design: v510Design)
        let v510fs = CgroupFS(controller: v510mc, tasks: TaskTable(controller: v510mc))
        let v510 = keys(try v510fs.read("/memory.stat"))
        let v513 = keys(try filesystem("v5.13").read("/memory.stat"))
        let v518 = keys(try filesystem("v5.18").read("/memory.stat"))
        // 5.9 as 5f9a4f4a7096 found it: slab after kernel_stack, the
        // events pgfault and pgmajfault before the workingset items.
        #expect(v59 == [
            "anon", "file", "kernel_stack", "slab", "percpu", "sock", "shmem", "file_mapped", "file_dirty",
            "file_writeback", "anon_thp", "inactive_anon", "active_anon", "inactive_file", "active_file",
            "unevictable", "slab_reclaimable", "slab_unreclaimable", "pgfault", "pgmajfault",
            "workingset_refault_anon", "workingset_refault_file", "workingset_activate_anon",
            "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
            "workingset_nodereclaim", "pgrefill", "pgscan", "pgsteal", "pgactivate", "pgdeactivate",
            "pglazyfree", "pglazyfreed", "thp_fault_alloc", "thp_collapse_alloc",
        ])
        #expect(Set(v510) == Set(v59))
        #expect(v510.firstIndex(of: "slab") == v510.firstIndex(of: "slab_unreclaimable").map { $0 + 1 })
        #expect(v513.contains("pagetables") && v513.contains("swapcached") && !v513.contains("kernel"))
        #expect(v518 == Array(v513[...1]) + ["kernel"] + Array(v513[2...]))
        for table in [v510, v513, v518] {
            #expect(!table.contains("zswap") && !table.contains("pgscan_kswapd") && !table.contains("pswpin"))
            #expect(table.suffix(11) == [
                "pgfault", "pgmajfault", "pgrefill", "pgscan", "pgsteal", "pgactivate", "pgdeactivate",
                "pglazyfree", "pglazyfreed", "thp_fault_alloc", "thp_collapse_alloc",
            ])
        }
        let fs59 = try filesystem("v5.9")
        try fs59.mkdir("/a")
        let noNuma = #expect(throws: MemcgError.self) { _ = try fs59.read("/a/memory.numa_stat") }
        #expect(noNuma?.errno == .ENOENT)
        #expect(keys(try v510fs.read("/memory.numa_stat")).first == "anon")
    }

    /// Reclaim and refault show under each release's names: 6.12's
    /// pgsteal_direct and workingset_refault_file, 5.4's workingset_refault
    /// (file pages only), and 4.10 has neither line.
    @Test func reclaimAndRefaultShowUnderEachReleasesKeys() throws {
        func run(_ preset: String, _ checks: String) throws {
            let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named(preset).design) { _ in }
            try runner.run(script: """
                mkdir /a
                write /a/memory.max 8M
                run /a pagecache 6M --file big
                run /a anon 4M
                """ + "\n" + checks, file: "\(preset).memcg", checkingInvariants: true)
        }
        try run("v6.12", """
            expect /a/memory.stat pgsteal > 0
            expect /a/memory.stat pgsteal_direct > 0
            expect /a/memory.stat workingset_refault_file == 0
            run /a read big
            expect /a/memory.stat workingset_refault_file > 0
            """)
        try run("v5.4", """
            expect /a/memory.stat pgsteal > 0
            expect /a/memory.stat workingset_refault == 0
            run /a read big
            expect /a/memory.stat workingset_refault > 0
            """)
        #expect(throws: ScriptError.self) { try run("v5.4", "expect /a/memory.stat pgsteal_direct >= 0") }
        #expect(throws: ScriptError.self) { try run("v4.10", "expect /a/memory.stat pgsteal >= 0") }
    }

    /// The knob can be set on its own; an unknown value is refused.
    @Test func theKnobIsSetByName() throws {
        var design = try Preset.named("v6.12").design
        try design.apply(settings: ["memoryStat=5.3"])
        #expect(design.memoryStat == .v5_3)
        #expect(throws: DesignError.self) { try design.apply(settings: ["memoryStat=5.4"]) }
        #expect(design.memoryStat == .v5_3)
    }
}
