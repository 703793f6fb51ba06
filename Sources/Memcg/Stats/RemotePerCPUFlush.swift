/// A flush of one cgroup's per-CPU counters on one CPU, run from another
/// CPU and written as separate steps so that the owning CPU's updates can
/// interleave with it: the offline flush of the seed thread.
///
/// Under the threshold schemes the steps are: load every counter, add the
/// loaded values to the cgroup's and its ancestors' totals, and (for the
/// `readAddZero` kind) store zero. `readAddKeep` is bee07b33db78's flush,
/// which never zeroed and so counts the values twice at free.
/// `readAddZero` is the "correct" flush the thread says cannot be done
/// without running on each CPU: a store of zero from a remote CPU can
/// overwrite an update that came in after the load (lost update), and an
/// update that loaded before the zero writes the old value back (doubled
/// update).
///
/// Under rstat the steps are: load every counter, then fold
/// `loaded - snapshot` and take `loaded` as the new snapshot. The remote CPU
/// never stores into the per-CPU counters, so there is no zero step and
/// nothing to lose: successive folds telescope to the final value whatever
/// the interleaving.
package struct RemotePerCPUFlush: Sendable {
    /// What the flush does with the per-CPU values after adding them.
    package enum Kind: Sendable, Hashable {
        /// Leave them (bee07b33db78: counted again at free).
        case readAddKeep
        /// Store zero from the remote CPU (racy against the owner).
        case readAddZero
    }

    /// The step the flush runs next.
    package enum Step: Sendable, Hashable {
        case read, add, zero, done
    }

    package let slot: StatsSlot
    package let cpu: Int
    package let kind: Kind
    package internal(set) var next: Step = .read
    /// The values the read step loaded, one per column.
    var loaded: ContiguousArray<Int32> = []

    init(slot: StatsSlot, cpu: Int, kind: Kind) {
        self.slot = slot
        self.cpu = cpu
        self.kind = kind
    }

    package var isDone: Bool { next == .done }
}
