extension MemoryController {
    /// Records a statistics change for `memcg` on the current CPU and the
    /// node it is on, the way the kernel updates from the path doing the work.
    @inline(__always)
    func modStat(_ memcg: MemCgroup, _ item: MemcgStatItem, _ delta: Int) {
        guard delta != 0 else { return }
        stats.update(memcg.statsSlot, item, delta, cpu: kernel.currentCPU, node: kernel.currentNode)
    }

    /// Records a statistics change for memory on a given node.
    @inline(__always)
    func modStat(_ memcg: MemCgroup, _ item: MemcgStatItem, _ delta: Int, node: Int) {
        guard delta != 0 else { return }
        stats.update(memcg.statsSlot, item, delta, cpu: kernel.currentCPU, node: node)
    }

    /// A page fault of a task in `memcg` (`count_memcg_event_mm(PGFAULT)` in
    /// `handle_mm_fault`): counted to the faulting task's memcg, whichever
    /// memcg the page is charged to. A major fault, one that had to read
    /// the page in (a swap-in, `do_swap_page`), also counts `pgmajfault`.
    public func countPageFault(_ memcg: MemCgroup, major: Bool = false) {
        modStat(memcg, .pgfault, 1)
        if major { modStat(memcg, .pgmajfault, 1) }
    }

    /// memory.stat of a cgroup.
    public func memoryStat(_ memcg: MemCgroup) -> String {
        stats.memoryStatText(memcg.statsSlot)
    }

    /// memory.numa_stat of a cgroup.
    public func numaStat(_ memcg: MemCgroup) -> String {
        stats.numaStatText(memcg.statsSlot)
    }

    /// What memory.stat reports for one item, in bytes (or a count).
    package func statValue(_ memcg: MemCgroup, _ item: MemcgStatItem) -> Int64 {
        stats.read(memcg.statsSlot, item) * Int64(item.bytesPerUnit)
    }

    /// The truth for one item, in bytes (or a count): every update ever made
    /// to the cgroup and its descendants.
    package func statTruth(_ memcg: MemCgroup, _ item: MemcgStatItem) -> Int64 {
        stats.exact(memcg.statsSlot, item) * Int64(item.bytesPerUnit)
    }
}
