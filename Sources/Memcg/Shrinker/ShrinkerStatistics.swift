/// What one shrinker has done (the figures of the shrinker tracepoints).
package struct ShrinkerStatistics: Hashable, Sendable {
    /// `do_shrink_slab()` calls.
    var calls = 0
    /// Calls where `count` answered that there was nothing (SHRINK_EMPTY).
    var emptyCalls = 0
    /// `scan` calls.
    var scanCalls = 0
    /// Objects scanned (`SLABS_SCANNED`).
    var scanned = 0
    /// Objects freed.
    package var freed = 0

    init() {}
}
