public import KernelSim

/// The memory controller's statistics machinery: every memcg's per-CPU
/// counters (`memcg->vmstats_percpu`), their per-node twins (the lruvec's
/// `lruvec_stats_percpu`), the hierarchical totals memory.stat reads
/// (`memcg->vmstats`) and, under rstat, the per-CPU tree of updated cgroups
/// (`cgroup_rstat_cpu->updated_children / updated_next`).
///
/// One instance serves a whole cgroup hierarchy. The cgroup layer creates a
/// `StatsSlot` per memcg, reports updates on the hot path, and tells it
/// when a cgroup goes offline and when it is freed. The `vmstat` scheme
/// decides how per-CPU deltas become totals; `exact(_:_:)` keeps, apart
/// from every scheme, the sum of all updates ever made, so the error of a
/// scheme can be measured and asserted.
///
/// Storage is flat: one array of 32-bit per-CPU counters indexed
/// `[slot][cpu][column]` and one of 64-bit totals indexed `[slot][column]`,
/// where a column is a memcg-wide item or an (item, node) pair: 23 + 15 x
/// nodes columns. 100,000 cgroups on 4 CPUs and one node take 61 MB of
/// per-CPU counters (twice that under rstat, for the snapshots) and 30 MB
/// of totals per kind (totals, oracle, rstat pending).
public final class MemcgStats {
    public let kernel: Kernel
    public let scheme: VMStatScheme
    /// The spill threshold in pages (MEMCG_CHARGE_BATCH in the era of the
    /// seed thread: 32).
    public let batch: Int
    /// Whether the exact-sum oracle is kept; turning it off leaves the hot
    /// path as lean as the kernel's, for benchmarks.
    public let keepsOracle: Bool

    let cpus: Int
    let nodes: Int
    /// Columns per cgroup: one per item, then one per (node, per-node item).
    let columns: Int
    let itemColumns: Int
    let nodeItemCount: Int
    /// For each item, its index among per-node items, or -1.
    let nodeItemIndex: ContiguousArray<Int>
    /// For each column, the spill threshold in its unit: the batch, or the
    /// batch in bytes for byte items.
    let columnThreshold: ContiguousArray<Int>
    /// For each item, how much one unit weighs in pending updates: byte
    /// items count a page per 4096 bytes (at least one per update).
    let pendingShift: ContiguousArray<Int>

    // The hot storage below is marked `@exclusivity(unchecked)`: a dynamic
    // exclusivity check per access cost more than the update itself
    // (release, 1,000 hot cgroups: 33 ns per update with checks, 14 ns
    // without). One thread drives the simulation and no access to these
    // properties is held across a call that reaches another one of them
    // (the flush closure touches counters, never `tree` or the scratch).

    /// Per-CPU counters, whose meaning is the scheme's: the not-yet-spilled
    /// delta of the batching schemes (|x| <= batch, so 32 bits are plenty),
    /// rstat's running value, the whole count when a read sums them.
    @exclusivity(unchecked) var percpu = UnsafeGrowableBuffer<Int32>(capacity: 64)
    /// Totals (`vmstats->state`): hierarchical, or the cgroup's own under
    /// the 4.15-5.1 local batching; unused when reads sum per-CPU counters.
    @exclusivity(unchecked) var totals = UnsafeGrowableBuffer<Int64>(capacity: 64)
    /// The oracle: hierarchical exact sums of every update.
    @exclusivity(unchecked) var exactTotals = UnsafeGrowableBuffer<Int64>(capacity: 64)

    /// Parent slot index, or -1 for a root.
    @exclusivity(unchecked) var parentOf = UnsafeGrowableBuffer<Int32>(capacity: 64)
    @exclusivity(unchecked) var liveChildren: ContiguousArray<Int32> = []
    @exclusivity(unchecked) var state: ContiguousArray<SlotState> = []
    /// Freed slots, reused last-in first-out (deterministic).
    @exclusivity(unchecked) var freeSlots: [Int32] = []

    /// The design: how updates become totals, flushes, offline and free.
    let mechanism: any StatisticsScheme
    /// The mechanism's hot update, called without the existential.
    let updatePath: StatisticsUpdatePath

    @exclusivity(unchecked) var flushes = 0
    @exclusivity(unchecked) var cgroupsVisited = 0
    /// Virtual time the flushes would have cost, at
    /// `CostModel.statFlushPerCgroup` per cgroup and CPU folded.
    @exclusivity(unchecked) package internal(set) var flushCost: VirtualDuration = .zero
    /// Counters loaded by memory.stat reads, all of its lines (those the
    /// model does not keep included, as the kernel loads them too): what
    /// reads cost under the scheme, priced at `CostModel.statCounterRead`.
    @exclusivity(unchecked) package internal(set) var countersRead = 0

    /// rstat: pages (or events) changed since the last full flush; a read
    /// flushes when this passes batch x CPUs, as `stats_flush_threshold`.
    package var pendingUpdates: Int { mechanism.pendingUpdates }

    /// Lifecycle of a slot.
    enum SlotState: UInt8 {
        case free, online, offline
    }

    /// The period of rstat's background flush (FLUSH_TIME, 2 * HZ).
    static var periodicFlushPeriod: VirtualDuration { Rstat.periodicFlushPeriod }

    /// Which release's keys memory.stat and memory.numa_stat print.
    package let table: MemoryStatTable
    let layout: MemoryStatLayout

    public init(kernel: Kernel, scheme: VMStatScheme, batch: Int = 32, keepsOracle: Bool = true,
                table: MemoryStatTable = .v6_12) {
        precondition(batch > 0, "the spill batch must be positive")
        self.table = table
        layout = MemoryStatLayout.of(table)
        self.kernel = kernel
        self.scheme = scheme
        self.batch = batch
        self.keepsOracle = keepsOracle
        cpus = kernel.cpus
        nodes = kernel.nodes
        var index = ContiguousArray(repeating: -1, count: MemcgStatItem.allCases.count)
        for (i, item) in MemcgStatItem.perNodeItems.enumerated() { index[item.rawValue] = i }
        nodeItemIndex = index
        itemColumns = MemcgStatItem.allCases.count
        nodeItemCount = MemcgStatItem.perNodeItems.count
        columns = itemColumns + nodes * nodeItemCount
        var thresholds = ContiguousArray(repeating: batch, count: itemColumns + nodes * nodeItemCount)
        var shifts = ContiguousArray(repeating: 0, count: itemColumns)
        for item in MemcgStatItem.allCases where item.unitIsBytes {
            thresholds[item.rawValue] = batch * 4_096
            shifts[item.rawValue] = 12
            let n = index[item.rawValue]
            if n >= 0 {
                for node in 0..<nodes { thresholds[itemColumns + node * nodeItemCount + n] = batch * 4_096 }
            }
        }
        columnThreshold = thresholds
        pendingShift = shifts
        let made = scheme.makeScheme(cpus: cpus)
        mechanism = made
        updatePath = made.updatePath
        mechanism.attach(to: self)
    }

    deinit {
        mechanism.detach()
    }

    /// The worst error of one cgroup's contribution to any ancestor's
    /// counter under `thresholdSpill`: each CPU may hold up to `batch`
    /// unspilled pages per item. Ancestors see this per live or dying
    /// descendant until it is freed; it never grows with uptime.
    package static func errorBoundPages(batch: Int, cpus: Int) -> Int { batch * cpus }

    /// Number of flushes and of (cgroup, CPU) pairs they folded. A flush's
    /// cost is proportional to the second, which counts only cgroups
    /// updated since the previous flush.
    public var flushStatistics: (flushes: Int, cgroupsVisited: Int) { (flushes, cgroupsVisited) }

    // MARK: Layout

    @inline(__always) func column(_ item: MemcgStatItem) -> Int { item.rawValue }

    // Index arithmetic wraps instead of trapping: every index is of a
    // counter that exists (slots, CPUs, nodes and columns are small and
    // checked where they are made), so an overflow check per update only
    // costs instructions on the hot path.

    @inline(__always) func nodeColumn(_ nodeItem: Int, node: Int) -> Int {
        itemColumns &+ node &* nodeItemCount &+ nodeItem
    }

    @inline(__always) func percpuBase(_ slot: Int, cpu: Int) -> Int { (slot &* cpus &+ cpu) &* columns }

    @inline(__always) func totalsBase(_ slot: Int) -> Int { slot &* columns }

    func checkLive(_ slot: StatsSlot) {
        precondition(slot.index >= 0 && slot.index < state.count && state[slot.index] != .free,
                     "\(slot) is not an allocated memcg stats slot")
    }

    // MARK: Lifecycle

    /// Allocates the statistics of a new memcg (css_alloc): zeroed per-CPU
    /// and total counters. `parent == nil` makes a root.
    public func addCgroup(parent: StatsSlot?) -> StatsSlot {
        if let parent {
            checkLive(parent)
            precondition(state[parent.index] == .online, "a dying cgroup cannot get children")
        }
        let slot: Int
        if let reused = freeSlots.popLast() {
            slot = Int(reused)
        } else {
            slot = state.count
            state.append(.free)
            parentOf.append(repeating: -1, count: 1)
            liveChildren.append(0)
            percpu.append(repeating: 0, count: cpus * columns)
            totals.append(repeating: 0, count: columns)
            if keepsOracle { exactTotals.append(repeating: 0, count: columns) }
            mechanism.slotAppended(self)
        }
        state[slot] = .online
        parentOf[slot] = Int32(parent?.index ?? -1)
        if let parent { liveChildren[parent.index] += 1 }
        mechanism.cgroupAdded(self, slot)
        return StatsSlot(slot)
    }

    /// The cgroup was removed (rmdir, css_offline). Its counters stay: it is
    /// now a dying cgroup that pages may still point to (the 5.4 scheme
    /// flushes some of them here: `ThresholdSpillDoubleFlush`).
    package func cgroupOffline(_ slot: StatsSlot) {
        checkLive(slot)
        precondition(state[slot.index] == .online, "\(slot) is already offline")
        state[slot.index] = .offline
        mechanism.cgroupOffline(self, slot.index)
    }

    /// The last reference is gone (css_free): the scheme disposes of what
    /// the per-CPU counters hold and the slot is released.
    package func cgroupFreed(_ slot: StatsSlot) {
        checkLive(slot)
        precondition(liveChildren[slot.index] == 0, "\(slot) still has children; they are freed first")
        let s = slot.index
        mechanism.cgroupFreed(self, s)
        let parent = Int(parentOf[s])
        if parent >= 0 { liveChildren[parent] -= 1 }
        resetSlot(s)
        state[s] = .free
        freeSlots.append(Int32(s))
    }

    func resetSlot(_ s: Int) {
        let pcBase = percpuBase(s, cpu: 0)
        percpu.fill(from: pcBase, count: cpus * columns, with: 0)
        let base = totalsBase(s)
        totals.fill(from: base, count: columns, with: 0)
        mechanism.slotReset(self, s)
        if keepsOracle { exactTotals.fill(from: base, count: columns, with: 0) }
        parentOf[s] = -1
    }

    // MARK: Hot path

    /// Records `delta` pages (or events) of `item` for the memcg, on `cpu`,
    /// for memory on `node`: `__mod_memcg_state` / `__mod_memcg_lruvec_state`
    /// / `__count_memcg_events`. Updates of a dying cgroup are allowed.
    @inline(__always)
    public func update(_ slot: StatsSlot, _ item: MemcgStatItem, _ delta: Int, cpu: Int, node: Int) {
        let at = place(slot, item, cpu: cpu, node: node)
        updatePath.update(self, at.s, base: at.base, column: at.column, nodeColumn: at.nodeColumn, delta: delta, cpu: cpu)
        if keepsOracle { recordExact(at.s, column: at.column, nodeItem: at.nodeItem, node: node, delta: delta) }
    }

    /// `times` calls of `update` in a row for the same item, CPU and node,
    /// made as one: the scheme's counters and the oracle end where the
    /// single updates would have left them (an add batch's drain puts
    /// many pages of one memcg on one list).
    @inline(__always)
    func update(_ slot: StatsSlot, _ item: MemcgStatItem, _ delta: Int, cpu: Int, node: Int, times: Int) {
        let at = place(slot, item, cpu: cpu, node: node)
        updatePath.update(self, at.s, base: at.base, column: at.column, nodeColumn: at.nodeColumn, delta: delta, cpu: cpu,
                          times: times)
        if keepsOracle { recordExact(at.s, column: at.column, nodeItem: at.nodeItem, node: node, delta: delta * times) }
    }

    /// Where an update of `item` for the slot on `cpu` and `node` goes:
    /// the slot index, the item's column, its index among per-node items
    /// (-1 if none), the CPU's row and the per-node column (-1 if none).
    @inline(__always)
    private func place(_ slot: StatsSlot, _ item: MemcgStatItem, cpu: Int, node: Int)
        -> (s: Int, column: Int, nodeItem: Int, base: Int, nodeColumn: Int) {
        let s = slot.index
        let col = item.rawValue
        let nodeItem = nodeItemIndex[col]
        precondition(item != .slab, "slab is derived from the two slab items")
        assert(state[s] != .free, "update of freed \(slot)")
        let nodeCol = nodeItem >= 0 ? nodeColumn(nodeItem, node: node) : -1
        return (s, col, nodeItem, percpuBase(s, cpu: cpu), nodeCol)
    }

    @inline(__always)
    func recordExact(_ s: Int, column: Int, nodeItem: Int, node: Int, delta: Int) {
        let d = Int64(delta)
        let nodeCol = nodeItem >= 0 ? nodeColumn(nodeItem, node: node) : -1
        var a = s
        while a >= 0 {
            let base = totalsBase(a)
            exactTotals[base &+ column] += d
            if nodeCol >= 0 { exactTotals[base &+ nodeCol] += d }
            a = Int(parentOf[a])
        }
    }

    // MARK: Reads

    /// What memory.stat reports for the item, in pages or events,
    /// hierarchically. The scheme may flush first (rstat past batch x CPUs
    /// pending updates). Negative totals (transiently possible with per-CPU
    /// batching) read as 0, as `memcg_page_state`.
    package func read(_ slot: StatsSlot, _ item: MemcgStatItem) -> Int64 {
        checkLive(slot)
        mechanism.flushBeforeRead(self)
        if item == .slab {
            return read(slot, .slabReclaimable) + read(slot, .slabUnreclaimable)
        }
        return max(0, mechanism.total(self, slot.index, column: column(item)))
    }

    /// memory.numa_stat's value for the item on one node, in pages or events.
    func readNode(_ slot: StatsSlot, _ item: MemcgStatItem, node: Int) -> Int64 {
        checkLive(slot)
        precondition(item.isPerNode, "\(item.key) is not kept per node")
        mechanism.flushBeforeRead(self)
        return max(0, mechanism.total(self, slot.index, column: nodeColumn(nodeItemIndex[item.rawValue], node: node)))
    }

    /// The total as the mechanism holds it right now: no flush and no
    /// clamping, so a scheme's error (positive or negative) can be measured.
    public func unclamped(_ slot: StatsSlot, _ item: MemcgStatItem) -> Int64 {
        checkLive(slot)
        if item == .slab { return unclamped(slot, .slabReclaimable) + unclamped(slot, .slabUnreclaimable) }
        return mechanism.total(self, slot.index, column: column(item))
    }

    /// As `unclamped(_:_:)`, for one node.
    package func unclampedNode(_ slot: StatsSlot, _ item: MemcgStatItem, node: Int) -> Int64 {
        checkLive(slot)
        precondition(item.isPerNode, "\(item.key) is not kept per node")
        return mechanism.total(self, slot.index, column: nodeColumn(nodeItemIndex[item.rawValue], node: node))
    }

    /// The oracle: the sum of every update ever made to this cgroup and its
    /// descendants, freed ones included, independent of the scheme.
    package func exact(_ slot: StatsSlot, _ item: MemcgStatItem) -> Int64 {
        checkLive(slot)
        precondition(keepsOracle, "this MemcgStats was made without the oracle")
        if item == .slab { return exact(slot, .slabReclaimable) + exact(slot, .slabUnreclaimable) }
        return exactTotals[totalsBase(slot.index) + column(item)]
    }

    /// The oracle for one node.
    package func exactNode(_ slot: StatsSlot, _ item: MemcgStatItem, node: Int) -> Int64 {
        checkLive(slot)
        precondition(keepsOracle && item.isPerNode)
        return exactTotals[totalsBase(slot.index) + nodeColumn(nodeItemIndex[item.rawValue], node: node)]
    }

    /// `unclamped - exact`: how far the mechanism is off right now.
    package func error(_ slot: StatsSlot, _ item: MemcgStatItem) -> Int64 {
        unclamped(slot, item) - exact(slot, item)
    }
}
