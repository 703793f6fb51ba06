/// The page side of one memcg: its lruvecs (one per node), the pages,
/// socket buffers and swap entries charged to it, its protection and swap
/// settings, and its reclaim counts. Made with the first page.
package final class MemcgLRUState {
    /// The memcg's index in `PageLRU.owners`; page records store it.
    let slot: UInt32
    /// The memcg's memory.stat slot, for the statistics of its pages.
    let statsSlot: StatsSlot
    /// One lruvec per NUMA node (`mem_cgroup_per_node.lruvec`).
    @exclusivity(unchecked) package internal(set) var lruvecs: [Lruvec]
    /// Anonymous pages with records charged here (`MemCgroup.anonPages`
    /// also counts anon charged without records, by `chargeAnon`).
    @exclusivity(unchecked) package internal(set) var anonPages = 0
    /// Page-cache pages charged here (the memory.stat `file` item's truth).
    @exclusivity(unchecked) package internal(set) var filePages = 0
    /// Socket-buffer pages charged here (`sock`).
    @exclusivity(unchecked) var sockPages = 0
    /// Swap entries charged here and below (`memory.swap.current`, in pages).
    @exclusivity(unchecked) package internal(set) var swapPages = 0
    /// Swap entries charged to this memcg itself.
    @exclusivity(unchecked) package internal(set) var swapLocal = 0

    /// `memory.min` and `memory.low` in pages; 0 is none.
    @exclusivity(unchecked) package internal(set) var min = 0
    @exclusivity(unchecked) package internal(set) var low = 0
    /// Effective protection from the last reclaim that looked (`emin`, `elow`).
    @exclusivity(unchecked) var effectiveMin = 0
    @exclusivity(unchecked) var effectiveLow = 0
    /// `memory.swap.max` in pages (`Int.max` is "max") and `memory.swap.peak`.
    @exclusivity(unchecked) package internal(set) var swapMax = Int.max
    @exclusivity(unchecked) package internal(set) var swapPeak = 0
    /// The highest swap usage since the last write to memory.swap.peak
    /// (the swap counter's `local_watermark`).
    @exclusivity(unchecked) package internal(set) var swapLocalPeak = 0

    /// A write to memory.swap.peak: the local peak restarts from the swap
    /// usage; returns that usage.
    func resetSwapLocalPeak() -> Int {
        swapLocalPeak = swapPages
        return swapPages
    }
    /// `memory.swap.events`: [high, max, fail], hierarchical.
    @exclusivity(unchecked) package internal(set) var swapEvents: InlineArray<3, Int> = .init(repeating: 0)
    /// `memory.oom.group`.
    @exclusivity(unchecked) package internal(set) var oomGroup = false
    /// Whether reclaim from the root reaches these lruvecs (changed only by
    /// `PageLRU.setReach`, which keeps the AWOL count).
    @exclusivity(unchecked) package internal(set) var reach = LruvecReach.online {
        didSet {
            if reach.reclaimVisits, !oldValue.reclaimVisits { walkChanges.reachOpened &+= 1 }
        }
    }
    /// Where a reach that reclaim's walk starts visiting again is counted.
    private let walkChanges: ReclaimWalkChanges

    /// Per node, where the last partial reclaim walk of this memcg's
    /// subtree stopped: the serial of the memcg it reclaimed last, nil at
    /// the start of a round (`mem_cgroup_reclaim_iter.position`, the
    /// reclaim cookie's state in the root's `mem_cgroup_per_node`).
    @exclusivity(unchecked) private(set) var reclaimPositions: [UInt64?]
    /// Per node, the stats slot of that memcg, so that its place in the
    /// walk order is found without a search.
    @exclusivity(unchecked) private(set) var reclaimPositionSlots: [Int]

    init(slot: UInt32, nodes: Int, statsSlot: StatsSlot, walkChanges: ReclaimWalkChanges) {
        self.slot = slot
        self.statsSlot = statsSlot
        self.walkChanges = walkChanges
        lruvecs = Array(repeating: Lruvec(), count: nodes)
        reclaimPositions = Array(repeating: nil, count: nodes)
        reclaimPositionSlots = Array(repeating: -1, count: nodes)
    }

    /// Records where the walk on `node` is (nil: at the start of a round).
    func setReclaimPosition(_ memcg: MemCgroup?, node: Int) {
        reclaimPositions[node] = memcg?.serial
        reclaimPositionSlots[node] = memcg?.statsSlot.index ?? -1
    }

    /// Pages on this memcg's lists, all nodes.
    var lruPages: Int { lruvecs.reduce(0) { $0 + $1.total } }
}

extension MemCgroup {
    /// The page-side state, if any page was ever charged here.
    package var pageState: MemcgLRUState? { lruState }

    /// Pages charged here by the page layer besides anonymous memory:
    /// page cache and socket buffers.
    var pageLayerChargedPages: Int { (lruState?.filePages ?? 0) + (lruState?.sockPages ?? 0) }

    /// References the page layer holds besides charged anon pages: one per
    /// charged page-cache and socket page, one per swap entry (its ID
    /// reference pins the memcg, as `mem_cgroup_id_get_many` does).
    var pageLayerReferences: Int { pageLayerChargedPages + (lruState?.swapLocal ?? 0) }
}
