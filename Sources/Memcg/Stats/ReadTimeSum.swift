/// Reads that sum every per-CPU counter of the whole subtree (up to 4.14):
/// an update adds to the CPU's own counter and nothing else; memory.stat
/// walks the cgroup and every descendant (`for_each_mem_cgroup_tree`) and,
/// for each item, sums the counter over every possible CPU
/// (`memcg_page_state` / `mem_cgroup_read_stat` over
/// `for_each_possible_cpu`, a negative sum read as 0).
///
/// Exact at every read, and slow: a read costs cgroups x items x CPUs
/// counter loads. a983b5ebee57 ("mm: memcontrol: fix excessive complexity
/// in memory.stat reporting") reports top-level reads of up to fourteen
/// seconds with tens of thousands of dying cgroups, and over a million
/// per-CPU counters for 128 cgroups on 128 CPUs. When a cgroup is freed its
/// counters go with it (`free_percpu` at css_free): its state items are 0
/// by then, but its events vanish from every ancestor's sums, the second
/// problem 42a300353577 names.
///
/// The counts are kept in 64 bits of the scheme's own, since a per-CPU
/// value here is a whole count, not a bounded remainder.
final class ReadTimeSum: SubtreeSumming {
    /// Per-CPU counts, indexed as `MemcgStats.percpu`.
    @exclusivity(unchecked) var counts = UnsafeGrowableBuffer<Int64>(capacity: 64)
    @exclusivity(unchecked) var links = SubtreeLinks()
    @exclusivity(unchecked) var scratch: [Int32] = []

    func attach(to stats: MemcgStats) {}

    func detach() {}

    func slotAppended(_ stats: MemcgStats) {
        counts.append(repeating: 0, count: stats.cpus * stats.columns)
        links.appendSlot()
    }

    func slotReset(_ stats: MemcgStats, _ s: Int) {
        counts.fill(from: stats.percpuBase(s, cpu: 0), count: stats.cpus * stats.columns, with: 0)
    }

    var updatePath: StatisticsUpdatePath { .readTimeSum(Unmanaged.passUnretained(self)) }

    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int) {
        counts[base + column] += Int64(delta)
        if nodeColumn >= 0 { counts[base + nodeColumn] += Int64(delta) }
    }

    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int,
                times: Int) {
        counts[base + column] += Int64(delta) * Int64(times)
        if nodeColumn >= 0 { counts[base + nodeColumn] += Int64(delta) * Int64(times) }
    }

    /// `__this_cpu_add` is one instruction on the owning CPU and nobody
    /// else stores to the counter, so a split update cannot lose anything:
    /// the store adds the delta.
    func store(_ stats: MemcgStats, _ update: StatUpdateInFlight, base: Int, column: Int, nodeColumn: Int) {
        self.update(stats, update.slot.index, base: base, column: column, nodeColumn: nodeColumn,
                    delta: update.delta, cpu: update.cpu)
    }

    func total(_ stats: MemcgStats, _ s: Int, column: Int) -> Int64 {
        var sum: Int64 = 0
        let cpus = stats.cpus
        links.forEach(inSubtreeOf: s, scratch: &scratch) { t in
            for cpu in 0..<cpus { sum += counts[stats.percpuBase(t, cpu: cpu) + column] }
        }
        return sum
    }

    func countersRead(_ stats: MemcgStats, _ s: Int, items: Int) -> Int {
        items * links.count(inSubtreeOf: s, scratch: &scratch) * stats.cpus
    }

    /// There is nothing to flush in this era: the per-CPU counts are the
    /// truth. The flush ends without touching them.
    func remoteFlushAdd(_ stats: MemcgStats, _ flush: inout RemotePerCPUFlush) {
        flush.next = .done
    }

    /// Exact: a read sums every update of every cgroup not yet freed, and a
    /// freed cgroup's state items are 0.
    func errorBound(subtreeCgroups: Int, batch: Int, cpus: Int) -> Int? { 0 }
}
