/// How a memcg's per-CPU statistics reach the cgroup and its ancestors:
/// the `vmstat` design knob.
///
/// Models the three generations of `memcg->vmstats_percpu` handling in
/// mm/memcontrol.c that the seed thread 004 argues about.
public enum VMStatScheme: String, DesignKnobValue {
    /// A per-CPU delta spills into the cgroup's and every ancestor's atomic
    /// totals once its magnitude passes the batch; the per-CPU remainder is
    /// folded in once, when the cgroup is freed (before 5.4, and again after
    /// the 5.5 revert).
    case thresholdSpill
    /// As `thresholdSpill`, plus the offline-time flush of the slab counters
    /// that did not zero the per-CPU values, so the free-time flush counts
    /// them a second time (bee07b33db78, 5.4; reverted in 5.5).
    case thresholdSpillDoubleFlush
    /// rstat: per-CPU counters with a snapshot of their value at the last
    /// flush and a per-CPU tree of updated cgroups; a flush walks only that
    /// tree and pushes exact deltas to the parents (5.13 and later).
    case rstat

    public var summary: String {
        switch self {
        case .thresholdSpill:
            return "per-CPU deltas spill to the cgroup and ancestors past the batch; remainder folded once at free; error <= batch x CPUs per cgroup; before 5.4 and 5.5-5.12"
        case .thresholdSpillDoubleFlush:
            return "as thresholdSpill plus a non-zeroing slab flush at offline: per-CPU remainders counted twice, parent drifts with every dead cgroup; 5.4"
        case .rstat:
            return "rstat: per-CPU counters and snapshots, flush walks only updated cgroups, exact deltas; flush on read past batch x CPUs and every 2 s; 5.13 and later"
        }
    }
}

extension VMStatScheme {
    /// What the scheme promises about a cgroup's reported value of one item
    /// (in the item's count: pages or bytes) against the sum of its updates,
    /// given the cgroups not yet freed in its subtree, the charge batch, the
    /// CPUs and the updates pending since the last flush; nil for no promise.
    ///
    /// Threshold spill leaves less than the batch per CPU unspilled in each
    /// cgroup of the subtree; rstat at most what is pending (each pending
    /// update counted once on the way in and once for the snapshot); the
    /// 5.4 double flush promises nothing, its drift is the bug it models.
    func errorBound(subtreeCgroups: Int, batch: Int, cpus: Int, pendingUpdates: Int) -> Int? {
        switch self {
        case .thresholdSpill: return batch * cpus * subtreeCgroups
        case .rstat: return 2 * pendingUpdates
        case .thresholdSpillDoubleFlush: return nil
        }
    }

    /// Whether a full flush leaves every reported value exact, which the
    /// liveness check after a full teardown holds the root to.
    var flushIsExact: Bool { self == .rstat }
}
