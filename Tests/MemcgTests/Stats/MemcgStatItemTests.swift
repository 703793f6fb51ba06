import KernelSim
import Memcg
import Testing

@Suite struct MemcgStatItemTests {
    @Test func casesAreInMemoryStatOrderWithSlabAfterTheSlabItems() {
        let keys = MemcgStatItem.allCases.map(\.key)
        #expect(keys == [
            "anon", "file", "kernel", "kernel_stack", "percpu", "sock", "shmem", "file_mapped", "file_dirty",
            "file_writeback",
            "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
            "slab_reclaimable", "slab_unreclaimable", "slab",
            "workingset_refault_anon", "workingset_refault_file",
            "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
            "pgscan", "pgsteal", "pgscan_kswapd", "pgscan_direct", "pgsteal_kswapd", "pgsteal_direct",
            "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate",
        ])
    }

    @Test func unitsAndNodeKeeping() {
        #expect(MemcgStatItem.anon.unitIsPages && !MemcgStatItem.anon.isEvent)
        #expect(MemcgStatItem.kernelStack.unitIsPages)
        #expect(!MemcgStatItem.pgscan.unitIsPages && MemcgStatItem.pgscan.isEvent)
        #expect(!MemcgStatItem.workingsetRefaultFile.unitIsPages && MemcgStatItem.workingsetRefaultFile.isPerNode)
        #expect(!MemcgStatItem.kernel.isPerNode && !MemcgStatItem.percpu.isPerNode && !MemcgStatItem.sock.isPerNode)
        #expect(MemcgStatItem.slabReclaimable.isPerNode && !MemcgStatItem.slab.isPerNode)
    }

    /// memory.stat: every key of the kernel's layout, in order, our items in
    /// bytes (pages x 4096) or counts, `slab` the sum of the two.
    @Test func memoryStatTextHasKernelOrderAndUnits() {
        let stats = StatsTestSupport.stats(.thresholdSpill, batch: 1)
        let root = stats.addCgroup(parent: nil)
        stats.update(root, .anon, 100, cpu: 0, node: 0)
        stats.update(root, .slabReclaimable, 10 * 4_096, cpu: 1, node: 1)
        stats.update(root, .slabUnreclaimable, 5 * 4_096, cpu: 2, node: 0)
        stats.update(root, .pgscan, 7, cpu: 3, node: 0)
        let lines = stats.memoryStatText(root).split(separator: "\n").map(String.init)
        let keys = lines.map { String($0.split(separator: " ")[0]) }
        #expect(keys.first == "anon")
        #expect(keys.count == Set(keys).count)
        let position = { (key: String) in keys.firstIndex(of: key)! }
        #expect(position("slab") == position("slab_unreclaimable") + 1)
        #expect(position("slab_unreclaimable") == position("slab_reclaimable") + 1)
        #expect(position("pagetables") == position("kernel_stack") + 1)
        #expect(position("pgscan") > position("workingset_nodereclaim"))
        #expect(position("pgactivate") > position("pgrefill"))
        for item in MemcgStatItem.allCases { #expect(keys.contains(item.key)) }
        #expect(lines.contains("anon 409600"))
        #expect(lines.contains("slab_reclaimable 40960"))
        #expect(lines.contains("slab 61440"))
        #expect(lines.contains("pgscan 7"))
        #expect(lines.contains("vmalloc 0"))
    }

    @Test func numaStatShowsNodeItemsPerNode() {
        let stats = StatsTestSupport.stats(.rstat)
        let root = stats.addCgroup(parent: nil)
        stats.update(root, .file, 3, cpu: 0, node: 1)
        stats.update(root, .workingsetRefaultAnon, 2, cpu: 1, node: 0)
        stats.update(root, .kernel, 9, cpu: 1, node: 0)
        stats.flushAll()
        let lines = stats.numaStatText(root).split(separator: "\n").map(String.init)
        #expect(lines.first == "anon N0=0 N1=0")
        #expect(lines.contains("file N0=0 N1=12288"))
        #expect(lines.contains("workingset_refault_anon N0=2 N1=0"))
        #expect(!lines.contains { $0.hasPrefix("kernel ") || $0.hasPrefix("slab ") || $0.hasPrefix("pgscan") })
        #expect(lines.contains { $0.hasPrefix("kernel_stack ") })
    }

    @Test func schemesDescribeThemselves() {
        #expect(VMStatScheme.allCases.map(\.rawValue) == ["readTimeSum", "localBatch", "thresholdSpill", "thresholdSpillDoubleFlush", "rstat"])
        for scheme in VMStatScheme.allCases { #expect(!scheme.summary.isEmpty) }
    }
}
