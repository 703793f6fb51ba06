/// What shrink_slab has done for one controller.
public struct ShrinkerRegistryStatistics: Hashable, Sendable {
    /// `shrink_slab()` calls.
    public var shrinkSlabCalls = 0
    /// `do_shrink_slab()` calls (shrinkers invoked, second looks included).
    public var shrinkerCalls = 0
    public var scanned = 0
    public var freed = 0
    /// Bits set in memcg bitmaps (0 to 1 transitions).
    public var bitsSet = 0
    /// Bits cleared because the shrinker had nothing or was gone.
    public var bitsCleared = 0
    /// Deferred scan work moved to parents at offline.
    public var reparentedDeferred = 0

    public init() {}
}
