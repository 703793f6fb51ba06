/// One design of memcg statistics: how a per-CPU update reaches what
/// memory.stat reads, what a flush does, what happens to a cgroup's counters
/// when it goes offline and when it is freed, and how far a reported value
/// may be from the truth.
///
/// `MemcgStats` owns the storage every scheme shares (the per-CPU counters,
/// the per-cgroup totals, the tree shape and the oracle) and hands itself
/// to the scheme on each call; a scheme keeps only what is its own (rstat's
/// snapshots and updated tree). The `vmstat` knob picks the scheme once,
/// when the statistics are built (`VMStatScheme.makeScheme()`); nothing
/// else looks at the knob.
///
/// Indices are raw: `s` is a slot index, `base` the slot's per-CPU row for
/// the CPU, `nodeColumn` -1 for an item not kept per node.
protocol StatisticsScheme: AnyObject {
    /// Called once the statistics' layout is known: allocate the scheme's
    /// own tables, start its timers.
    func attach(to stats: MemcgStats)
    /// Called from the statistics' `deinit`: free the scheme's own tables.
    func detach()
    /// The statistics grew by one slot (at the end).
    func slotAppended(_ stats: MemcgStats)
    /// A new cgroup took slot `s` (its parent is set).
    func cgroupAdded(_ stats: MemcgStats, _ s: Int)
    /// A freed slot's counters are being zeroed for reuse.
    func slotReset(_ stats: MemcgStats, _ s: Int)

    /// This scheme's `update`, as `MemcgStats` calls it on the hot path
    /// (a direct call, not through this protocol).
    var updatePath: StatisticsUpdatePath { get }
    /// The hot path: `delta` to the memcg-wide column and, if any, the
    /// per-node column, on the CPU whose row starts at `base`.
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int)
    /// `times` calls of `update` in a row, made as one: what it leaves is
    /// what they would have left.
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int,
                times: Int)
    /// The store of an update split in two (`StatUpdateInFlight`):
    /// `loaded + delta`, from the values the load saw.
    func store(_ stats: MemcgStats, _ update: StatUpdateInFlight, base: Int, column: Int, nodeColumn: Int)

    /// css_offline.
    func cgroupOffline(_ stats: MemcgStats, _ s: Int)
    /// css_free: what the per-CPU counters still hold goes where the scheme
    /// sends it, before the slot is zeroed.
    func cgroupFreed(_ stats: MemcgStats, _ s: Int)
    /// An explicit full flush.
    func flushAll(_ stats: MemcgStats)
    /// What a reader does first (rstat: flush past the threshold).
    func flushBeforeRead(_ stats: MemcgStats)
    /// The hierarchical value of a column as the scheme holds it now (no
    /// flush, no clamping).
    func total(_ stats: MemcgStats, _ s: Int, column: Int) -> Int64
    /// How many counters one read of `items` hierarchical items of `s`
    /// loads: the work memory.stat does, which the cost model prices.
    func countersRead(_ stats: MemcgStats, _ s: Int, items: Int) -> Int

    /// The add step of a remote flush: the loaded values go where the
    /// scheme sends them; sets the flush's next step.
    func remoteFlushAdd(_ stats: MemcgStats, _ flush: inout RemotePerCPUFlush)

    /// Updates (in pages or events) made since the last full flush; 0 for
    /// schemes that do not track them.
    var pendingUpdates: Int { get }
    /// What the scheme promises about a cgroup's reported value of a state
    /// item (in pages) against the sum of its updates, given the cgroups not
    /// yet freed in its subtree; nil for no promise.
    func errorBound(subtreeCgroups: Int, batch: Int, cpus: Int) -> Int?
    /// Whether a full flush leaves every reported value of the root exact
    /// once everything is torn down (events included).
    var flushIsExact: Bool { get }
}

extension StatisticsScheme {
    /// Most schemes need nothing when a cgroup is added.
    func cgroupAdded(_ stats: MemcgStats, _ s: Int) {}

    /// The updates one by one: what a scheme whose counters may spill in
    /// the middle of a run does.
    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int,
                times: Int) {
        for _ in 0..<times {
            update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu)
        }
    }
}
