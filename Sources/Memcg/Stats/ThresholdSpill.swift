/// Threshold spill (5.2, 42a300353577 "mm: memcontrol: fix recursive
/// statistics correctness & scalabilty"): a per-CPU delta spills into the
/// cgroup's and every ancestor's atomic totals once its magnitude passes the
/// batch; what is left per CPU is folded in once, when the cgroup is freed
/// (`memcg_flush_percpu_vmstats` from mem_cgroup_free). A read is one load
/// per item. Used 5.2-5.3 and 5.5-5.12.
final class ThresholdSpill: ThresholdSpilling {
    /// Nothing happens at offline: the per-CPU remainders can only be folded
    /// safely by their own CPU or once nobody updates them (at free).
    func cgroupOffline(_ stats: MemcgStats, _ s: Int) {}

    var updatePath: StatisticsUpdatePath { .thresholdSpill(Unmanaged.passUnretained(self)) }
}

/// What the threshold-spill schemes share: every step but offline.
protocol ThresholdSpilling: StatisticsScheme {}

extension ThresholdSpilling {
    func attach(to stats: MemcgStats) {}
    func detach() {}
    func slotAppended(_ stats: MemcgStats) {}
    func slotReset(_ stats: MemcgStats, _ s: Int) {}

    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int) {
        stats.spillUpdate(s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, up: true)
    }

    func store(_ stats: MemcgStats, _ update: StatUpdateInFlight, base: Int, column: Int, nodeColumn: Int) {
        stats.spillStore(update, base: base, column: column, nodeColumn: nodeColumn, up: true)
    }

    /// Nobody updates a freed cgroup, so summing and zeroing every CPU's
    /// remainder here races with nothing.
    func cgroupFreed(_ stats: MemcgStats, _ s: Int) {
        stats.foldRemainders(s, up: true)
    }

    /// A no-op: see `cgroupOffline`. Reading and zeroing remote per-CPU
    /// values is the race the seed thread describes (`RemotePerCPUFlush`).
    func flushAll(_ stats: MemcgStats) {}
    func flushBeforeRead(_ stats: MemcgStats) {}

    func total(_ stats: MemcgStats, _ s: Int, column: Int) -> Int64 {
        stats.totals[stats.totalsBase(s) + column]
    }

    /// memory_stat_show reads the hierarchical atomic of each item.
    func countersRead(_ stats: MemcgStats, _ s: Int, items: Int) -> Int { items }

    func remoteFlushAdd(_ stats: MemcgStats, _ flush: inout RemotePerCPUFlush) {
        stats.addLoaded(flush, up: true)
        flush.next = flush.kind == .readAddZero ? .zero : .done
    }

    var pendingUpdates: Int { 0 }

    /// Less than the batch per CPU unspilled in each cgroup of the subtree.
    func errorBound(subtreeCgroups: Int, batch: Int, cpus: Int) -> Int? {
        batch * cpus * subtreeCgroups
    }

    var flushIsExact: Bool { false }
}
