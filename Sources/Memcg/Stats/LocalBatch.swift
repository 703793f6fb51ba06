/// Per-CPU batches into the cgroup's own atomic counters, subtree summed at
/// read (a983b5ebee57 "mm: memcontrol: fix excessive complexity in
/// memory.stat reporting", in until 5.1): an update adds to the CPU's
/// counter and, once its magnitude passes MEMCG_CHARGE_BATCH, moves it into
/// the cgroup's own atomic (`__mod_memcg_state`); memory.stat still walks
/// the cgroup and every descendant, but loads one atomic per item and
/// cgroup (`memcg_page_state`, a negative value read as 0) instead of one
/// counter per CPU.
///
/// A read costs cgroups x items loads. Each cgroup's value lags its truth
/// by less than the batch per CPU. When a cgroup is freed its atomics and
/// per-CPU remainders go with it, and with them its events, from every
/// ancestor's sums; 42a300353577 (5.2) replaced this with the hierarchical
/// `ThresholdSpill`.
final class LocalBatch: SubtreeSumming {
    @exclusivity(unchecked) var links = SubtreeLinks()
    @exclusivity(unchecked) var scratch: [Int32] = []

    func attach(to stats: MemcgStats) {}
    func detach() {}
    func slotAppended(_ stats: MemcgStats) { links.appendSlot() }
    func slotReset(_ stats: MemcgStats, _ s: Int) {}

    var updatePath: StatisticsUpdatePath { .localBatch(Unmanaged.passUnretained(self)) }

    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int) {
        stats.spillUpdate(s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, up: false)
    }

    func store(_ stats: MemcgStats, _ update: StatUpdateInFlight, base: Int, column: Int, nodeColumn: Int) {
        stats.spillStore(update, base: base, column: column, nodeColumn: nodeColumn, up: false)
    }

    /// The sum over the subtree of each cgroup's atomic, each read as 0
    /// when negative, as the kernel's walk adds them.
    func total(_ stats: MemcgStats, _ s: Int, column: Int) -> Int64 {
        var sum: Int64 = 0
        links.forEach(inSubtreeOf: s, scratch: &scratch) { t in
            sum += max(0, stats.totals[stats.totalsBase(t) + column])
        }
        return sum
    }

    func countersRead(_ stats: MemcgStats, _ s: Int, items: Int) -> Int {
        items * links.count(inSubtreeOf: s, scratch: &scratch)
    }

    /// The loaded values go to the cgroup's own atomic.
    func remoteFlushAdd(_ stats: MemcgStats, _ flush: inout RemotePerCPUFlush) {
        stats.addLoaded(flush, up: false)
        flush.next = flush.kind == .readAddZero ? .zero : .done
    }

    /// Less than the batch per CPU unread in each cgroup of the subtree
    /// (reading a negative atomic as 0 only moves it closer to the truth
    /// of a state item, which is never negative).
    func errorBound(subtreeCgroups: Int, batch: Int, cpus: Int) -> Int? {
        batch * cpus * subtreeCgroups
    }
}
