/// How a memcg's per-CPU statistics reach the cgroup and its ancestors:
/// the `vmstat` design knob.
///
/// Models the generations of `memcg->vmstats_percpu` handling in
/// mm/memcontrol.c that the seed thread 004 argues about.
public enum VMStatScheme: String, DesignKnobValue {
    /// Every read sums the per-CPU counters of every cgroup in the subtree
    /// over every possible CPU; updates touch only their CPU's counter
    /// (up to 4.14).
    case readTimeSum
    /// Per-CPU batches into each cgroup's own atomic past the batch; reads
    /// still sum the subtree, one atomic per cgroup and item (a983b5ebee57,
    /// until 5.1).
    case localBatch
    /// A per-CPU delta spills into the cgroup's and every ancestor's atomic
    /// totals once its magnitude passes the batch; the per-CPU remainder is
    /// folded in once, when the cgroup is freed (42a300353577, 5.2-5.3, and
    /// again after the 5.5 revert until 5.12).
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
        case .readTimeSum:
            return "reads sum every per-CPU counter of every cgroup in the subtree (cgroups x items x CPUs loads); exact, freed cgroups' events lost; up to 4.14"
        case .localBatch:
            return "per-CPU batches into each cgroup's own atomic; reads sum the subtree's atomics (cgroups x items loads); a983b5ebee57, until 5.1"
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
        case .readTimeSum: return ReadTimeSum()
        case .localBatch: return LocalBatch()
        case .thresholdSpill: return ThresholdSpill()
        case .thresholdSpillDoubleFlush: return ThresholdSpillDoubleFlush()
        case .rstat: return Rstat(cpus: cpus)
        }
    }
}
