// The page-side control files' setters and the OOM events, for the
// cgroupfs layer and the OOM killer.

extension MemoryController {
    /// Writes `memory.min` (pages).
    public func setMin(_ memcg: MemCgroup, pages: Int) {
        self.pages.setProtection(memcg, min: pages)
    }

    /// Writes `memory.low` (pages).
    public func setLow(_ memcg: MemCgroup, pages: Int) {
        self.pages.setProtection(memcg, low: pages)
    }

    /// Writes `memory.swap.max` (pages); existing entries stay.
    public func setSwapMax(_ memcg: MemCgroup, pages: Int) {
        self.pages.state(memcg).swapMax = pages
    }

    /// Writes `memory.oom.group`.
    public func setOOMGroup(_ memcg: MemCgroup, _ enabled: Bool) {
        self.pages.state(memcg).oomGroup = enabled
    }

    /// A task of `memcg` was OOM-killed (`oom_kill` in memory.events).
    public func countOOMKill(_ memcg: MemCgroup) {
        memoryEvent(memcg, .oomKill)
        pages.statistics.oomKills += 1
    }

    /// A memory.oom.group kill of `memcg`'s tasks (`oom_group_kill`).
    public func countOOMGroupKill(_ memcg: MemCgroup) {
        memoryEvent(memcg, .oomGroupKill)
    }
}

extension PageLRU {
    /// Each live or dying memcg's place in `mem_cgroup_iter` order, by serial.
    package func iterationOrder() -> [UInt64: Int] {
        let order = subtreeInIterOrder(controller.root)
        var result: [UInt64: Int] = [:]
        for (index, memcg) in order.enumerated() { result[memcg.serial] = index }
        return result
    }
}

extension MemoryController {
    /// A write to memory.peak (6.12 `peak_write`): the counter's local
    /// watermark restarts from the usage, which is returned (in pages).
    public func resetLocalPeak(_ memcg: MemCgroup) -> Int {
        memcg.memory.resetLocalWatermark()
    }

    /// A write to memory.swap.peak: the same for the swap counter.
    public func resetSwapLocalPeak(_ memcg: MemCgroup) -> Int {
        pages.state(memcg).resetSwapLocalPeak()
    }
}
