/// One level of the memory controller's hierarchical page counter
/// (`struct page_counter`): usage in pages, the `memory.max` and
/// `memory.high` limits, the peak, and how often a charge failed here.
///
/// A charge is applied to a cgroup's counter and every ancestor's; the
/// controller walks the chain (`MemoryController.tryChargeCounters`).
public struct PageCounter: Hashable, Sendable {
    /// Pages charged to this cgroup and its descendants.
    public internal(set) var usage: Int = 0
    /// `memory.max` in pages; `Int.max` is "max".
    public internal(set) var max: Int = .max
    /// `memory.high` in pages; `Int.max` is "max".
    public internal(set) var high: Int = .max
    /// The highest usage seen: `memory.peak`.
    public internal(set) var watermark: Int = 0
    /// The highest usage since the last write to memory.peak
    /// (`local_watermark`, 6.12): what a file handle that wrote it reads.
    public internal(set) var localWatermark: Int = 0
    /// Charges that failed at this level's `max`.
    var failCount: Int = 0

    init() {}

    /// A write to memory.peak: the local watermark restarts from the usage
    /// (`peak_write`); returns that usage.
    mutating func resetLocalWatermark() -> Int {
        localWatermark = usage
        return usage
    }

    @inline(__always)
    mutating func add(_ pages: Int) {
        usage += pages
        if usage > localWatermark {
            localWatermark = usage
            if usage > watermark { watermark = usage }
        }
    }
}
