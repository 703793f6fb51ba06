import KernelSim

/// rstat (5.13, "mm: memcontrol: switch to rstat"): per-CPU counters with a
/// snapshot of their value at the last flush (`state_prev`) and a per-CPU
/// tree of updated cgroups (`cgroup_rstat_cpu->updated_children /
/// updated_next`). A flush walks only that tree, folds each queued cgroup's
/// exact per-CPU delta into its totals and pushes it to the parent's pending
/// counts (`vmstats->state_pending`). A read flushes first when more than
/// batch x CPUs of updates are pending (`stats_flush_threshold`), and a
/// periodic flush every 2 s bounds how stale a read can be.
///
/// Per-CPU counters hold running values that wrap; a fold subtracts the
/// snapshot with wrapping arithmetic, exact while fewer than 2^31 pages
/// change between flushes.
final class Rstat: StatisticsScheme {
    /// Each per-CPU counter's value at its last flush (`state_prev`),
    /// indexed as `MemcgStats.percpu`.
    @exclusivity(unchecked) var percpuPrevious = UnsafeGrowableBuffer<Int32>(capacity: 64)
    /// Deltas children pushed up that the cgroup has not yet folded
    /// (`vmstats->state_pending`), indexed as `MemcgStats.totals`.
    @exclusivity(unchecked) var pending = UnsafeGrowableBuffer<Int64>(capacity: 64)
    /// The per-CPU updated forest.
    @exclusivity(unchecked) var tree: RstatUpdatedTree
    /// Reused traversal buffer, so a flush allocates nothing.
    @exclusivity(unchecked) var flushScratch: [Int32] = []
    /// Pages (or events) changed since the last full flush.
    @exclusivity(unchecked) private(set) var pendingUpdates: Int = 0

    /// The period of the background flush (FLUSH_TIME, 2 * HZ).
    static let periodicFlushPeriod: VirtualDuration = .seconds(2)
    /// What the periodic flush timer holds instead of the statistics (the
    /// timer never ends): see `OwnerLink`.
    private let periodicFlushLink = OwnerLink<MemcgStats>()

    init(cpus: Int) {
        tree = RstatUpdatedTree(cpus: cpus)
    }

    func attach(to stats: MemcgStats) {
        // mem_cgroup_flush_stats' periodic work.
        let link = periodicFlushLink
        link.owner = stats
        // Idle when nothing is queued: a flush would only count itself.
        stats.kernel.every(Self.periodicFlushPeriod, on: 0, "memcg_rstat_periodic_flush",
                           idle: { [weak self] in
                               guard link.owner != nil, let self else { return true }
                               return self.tree.isEmpty && self.pendingUpdates == 0
                           },
                           skip: { link.owner?.flushes += Int($0) }) { link.owner?.flushAll() }
    }

    func detach() {
        periodicFlushLink.owner = nil
    }

    func slotAppended(_ stats: MemcgStats) {
        percpuPrevious.append(repeating: 0, count: stats.cpus * stats.columns)
        pending.append(repeating: 0, count: stats.columns)
        tree.addSlot()
    }

    func slotReset(_ stats: MemcgStats, _ s: Int) {
        percpuPrevious.fill(from: stats.percpuBase(s, cpu: 0), count: stats.cpus * stats.columns, with: 0)
        pending.fill(from: stats.totalsBase(s), count: stats.columns, with: 0)
    }

    var updatePath: StatisticsUpdatePath { .rstat(Unmanaged.passUnretained(self)) }

    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int) {
        let d = Int32(truncatingIfNeeded: delta)
        stats.percpu[base &+ column] &+= d
        if nodeColumn >= 0 { stats.percpu[base &+ nodeColumn] &+= d }
        queue(stats, s, cpu: cpu, column: column, delta: delta)
    }

    /// The running per-CPU values wrap, so adding `times` x `delta` at
    /// once leaves them where the single adds would; the cgroup is queued
    /// by the first update of a run, and each update counts in the
    /// pending updates as `queue` counts it.
    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int,
                times: Int) {
        let d = Int32(truncatingIfNeeded: delta &* times)
        stats.percpu[base &+ column] &+= d
        if nodeColumn >= 0 { stats.percpu[base &+ nodeColumn] &+= d }
        tree.markUpdated(s, cpu: cpu, parentOf: stats.parentOf)
        pendingUpdates &+= times &* max(1, Int(truncatingIfNeeded: delta.magnitude) >> stats.pendingShift[column])
    }

    func store(_ stats: MemcgStats, _ update: StatUpdateInFlight, base: Int, column: Int, nodeColumn: Int) {
        let d = Int32(truncatingIfNeeded: update.delta)
        stats.percpu[base + column] = update.loadedItem &+ d
        if nodeColumn >= 0 { stats.percpu[base + nodeColumn] = update.loadedNode &+ d }
        queue(stats, update.slot.index, cpu: update.cpu, column: column, delta: update.delta)
    }

    /// `cgroup_rstat_updated` and the pending-updates count: byte items
    /// count a page per 4096 bytes, at least one per update.
    @inline(__always)
    private func queue(_ stats: MemcgStats, _ s: Int, cpu: Int, column: Int, delta: Int) {
        tree.markUpdated(s, cpu: cpu, parentOf: stats.parentOf)
        pendingUpdates &+= max(1, Int(truncatingIfNeeded: delta.magnitude) >> stats.pendingShift[column])
    }

    func cgroupOffline(_ stats: MemcgStats, _ s: Int) {}

    /// `cgroup_rstat_exit` flushing the dying cgroup: fold what every CPU
    /// still holds, exactly once, and queue the parent so the pushed deltas
    /// reach its totals at the next flush.
    func cgroupFreed(_ stats: MemcgStats, _ s: Int) {
        let parent = Int(stats.parentOf[s])
        var visitedAny = false
        for cpu in 0..<stats.cpus {
            let (wasQueued, visited) = tree.unlinkLeaf(s, cpu: cpu, parent: parent)
            guard wasQueued else { continue }
            visitedAny = true
            stats.flushCost += stats.kernel.costs.listNodeVisit * UInt64(visited)
            fold(stats, s, cpu: cpu)
            if parent >= 0 { tree.markUpdated(parent, cpu: cpu, parentOf: stats.parentOf) }
        }
        if visitedAny { stats.flushes += 1 }
    }

    /// `cgroup_rstat_flush` on the root: drains every CPU's updated tree;
    /// the cost is proportional to the cgroups updated since the last flush.
    func flushAll(_ stats: MemcgStats) {
        stats.flushes += 1
        pendingUpdates = 0
        for cpu in 0..<stats.cpus {
            tree.drain(cpu: cpu, scratch: &flushScratch) { slot in
                self.fold(stats, slot, cpu: cpu)
            }
        }
    }

    /// The flush on read, only past the threshold, so readers do not pay
    /// for a walk on every read.
    func flushBeforeRead(_ stats: MemcgStats) {
        if pendingUpdates > stats.batch * stats.cpus { flushAll(stats) }
    }

    /// Folds one cgroup on one CPU (`mem_cgroup_css_rstat_flush`): the
    /// pending deltas its children pushed, plus the CPU's change since the
    /// snapshot; the sum goes to its totals and to its parent's pending.
    func fold(_ stats: MemcgStats, _ slot: Int, cpu: Int) {
        stats.cgroupsVisited += 1
        stats.flushCost += stats.kernel.costs.statFlushPerCgroup
        let base = stats.totalsBase(slot)
        let pcBase = stats.percpuBase(slot, cpu: cpu)
        let parent = Int(stats.parentOf[slot])
        let parentBase = parent >= 0 ? stats.totalsBase(parent) : -1
        for col in 0..<stats.columns {
            var delta = pending[base + col]
            if delta != 0 { pending[base + col] = 0 }
            let value = stats.percpu[pcBase + col]
            let previous = percpuPrevious[pcBase + col]
            if value != previous {
                delta += Int64(value &- previous)
                percpuPrevious[pcBase + col] = value
            }
            if delta != 0 {
                stats.totals[base + col] += delta
                if parentBase >= 0 { pending[parentBase + col] += delta }
            }
        }
    }

    func total(_ stats: MemcgStats, _ s: Int, column: Int) -> Int64 {
        stats.totals[stats.totalsBase(s) + column]
    }

    /// A read loads each item's hierarchical total once (a flush it
    /// triggers is priced by `statFlushPerCgroup`).
    func countersRead(_ stats: MemcgStats, _ s: Int, items: Int) -> Int { items }

    /// Folds the loaded values against the snapshot and takes them as the
    /// new snapshot, atomically under the (modelled) rstat lock. The remote
    /// CPU never stores into the per-CPU counters, so there is no zero step.
    func remoteFlushAdd(_ stats: MemcgStats, _ flush: inout RemotePerCPUFlush) {
        let s = flush.slot.index
        let base = stats.totalsBase(s)
        let pcBase = stats.percpuBase(s, cpu: flush.cpu)
        let parent = Int(stats.parentOf[s])
        var changed = false
        for col in 0..<stats.columns {
            let loaded = flush.loaded[col]
            let previous = percpuPrevious[pcBase + col]
            guard loaded != previous else { continue }
            let delta = Int64(loaded &- previous)
            percpuPrevious[pcBase + col] = loaded
            stats.totals[base + col] += delta
            if parent >= 0 { pending[stats.totalsBase(parent) + col] += delta }
            changed = true
        }
        // A stale load can leave the snapshot behind the counter (an update
        // and a full flush ran since the load), and the parent now holds
        // pending deltas: queue the cgroup, and so its ancestors, so the
        // next flush settles both.
        if changed { tree.markUpdated(s, cpu: flush.cpu, parentOf: stats.parentOf) }
        flush.next = .done
    }

    /// At most what is pending: each pending update counted once on the way
    /// in and once for the snapshot.
    func errorBound(subtreeCgroups: Int, batch: Int, cpus: Int) -> Int? { 2 * pendingUpdates }

    var flushIsExact: Bool { true }
}
