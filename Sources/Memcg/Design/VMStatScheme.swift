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
    /// them a second time (bee07b33db78, 5.4; reverted in 5.5). Its loop
    /// bounds (i from NR_SLAB_RECLAIMABLE while i < NR_SLAB_UNRECLAIMABLE)
    /// covered slab_reclaimable only, so only that item drifts.
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
            return "as thresholdSpill plus a non-zeroing flush of slab_reclaimable at offline: its per-CPU remainders counted twice, parent drifts with every dead cgroup; 5.4"
        case .rstat:
            return "rstat: per-CPU counters and snapshots, flush walks only updated cgroups, exact deltas; flush on read past batch x CPUs and every 2 s; 5.13 and later"
        }
    }
}

extension VMStatScheme {
    /// The type that implements the scheme: the one place the knob's value
    /// picks code (see `StatisticsScheme`).
    func makeScheme(cpus: Int) -> any StatisticsScheme {
        switch self {
        case .thresholdSpill: return ThresholdSpill()
        case .thresholdSpillDoubleFlush: return ThresholdSpillDoubleFlush()
        case .rstat: return Rstat(cpus: cpus)
        }
    }
}
