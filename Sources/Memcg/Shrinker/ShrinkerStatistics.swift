/// What one shrinker has done (the figures of the shrinker tracepoints).
public struct ShrinkerStatistics: Hashable, Sendable {
    /// `do_shrink_slab()` calls.
    public var calls = 0
    /// Calls where `count` answered that there was nothing (SHRINK_EMPTY).
    public var emptyCalls = 0
    /// `scan` calls.
    public var scanCalls = 0
    /// Objects scanned (`SLABS_SCANNED`).
    public var scanned = 0
    /// Objects freed.
    public var freed = 0

    public init() {}
}
