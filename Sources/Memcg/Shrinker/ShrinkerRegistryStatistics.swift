/// What shrink_slab has done for one controller.
package struct ShrinkerRegistryStatistics: Hashable, Sendable {
    /// `shrink_slab()` calls.
    var shrinkSlabCalls = 0
    /// `do_shrink_slab()` calls (shrinkers invoked, second looks included).
    var shrinkerCalls = 0
    var scanned = 0
    package var freed = 0
    /// Bits set in memcg bitmaps (0 to 1 transitions).
    var bitsSet = 0
    /// Bits cleared because the shrinker had nothing or was gone.
    var bitsCleared = 0
    /// Deferred scan work moved to parents at offline.
    var reparentedDeferred = 0

    init() {}
}
