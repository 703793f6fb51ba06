/// Statistics updates gathered while they come in a row for the same
/// memcg, item, delta and node, to be made as one
/// `MemcgStats.update(_:_:_:cpu:node:times:)`: a drain of an add batch
/// puts page after page of one memcg on one list.
///
/// The caller makes sure that nothing else updates the statistics
/// between the first update of a run and `apply`, so that the repeated
/// update leaves them exactly as the single updates would have.
struct StatUpdateRun {
    private var slot = StatsSlot(-1)
    private var item = MemcgStatItem.anon
    private var delta = 0
    private var node = 0
    private var count = 0

    /// Adds one update on `cpu`; one that does not continue the run
    /// applies the run first and starts the next.
    @inline(__always)
    mutating func add(_ slot: StatsSlot, _ item: MemcgStatItem, _ delta: Int, node: Int,
                      stats: MemcgStats, cpu: Int) {
        if count > 0, slot == self.slot, item == self.item, delta == self.delta, node == self.node {
            count += 1
            return
        }
        apply(to: stats, cpu: cpu)
        self.slot = slot
        self.item = item
        self.delta = delta
        self.node = node
        count = 1
    }

    /// Makes the gathered updates (on `cpu`, the CPU they were made on).
    @inline(__always)
    mutating func apply(to stats: MemcgStats, cpu: Int) {
        guard count > 0 else { return }
        stats.update(slot, item, delta, cpu: cpu, node: node, times: count)
        count = 0
    }
}
