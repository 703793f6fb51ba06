/// What the schemes before 5.2 share: a read walks the cgroup and every
/// live or dying descendant (`for_each_mem_cgroup_tree`), nothing is
/// flushed, and a freed cgroup's counters go with it, so its events vanish
/// from every ancestor's sums (no full flush makes the root exact).
protocol SubtreeSumming: StatisticsScheme {
    var links: SubtreeLinks { get set }
}

extension SubtreeSumming {
    func cgroupAdded(_ stats: MemcgStats, _ s: Int) {
        links.link(s, parent: Int(stats.parentOf[s]))
    }

    func cgroupOffline(_ stats: MemcgStats, _ s: Int) {}

    /// The counters are freed with the cgroup: nothing is folded anywhere.
    func cgroupFreed(_ stats: MemcgStats, _ s: Int) {
        links.unlink(s, parent: Int(stats.parentOf[s]))
    }

    func flushAll(_ stats: MemcgStats) {}
    func flushBeforeRead(_ stats: MemcgStats) {}

    var pendingUpdates: Int { 0 }
    var flushIsExact: Bool { false }
}
