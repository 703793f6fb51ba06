/// One reclaim invocation's parameters and progress (`struct scan_control`).
public struct ScanControl: Sendable {
    /// Pages wanted (`nr_to_reclaim`).
    public var nrToReclaim: Int
    /// The memcg whose limit asked (nil: global reclaim, for the node).
    public let target: MemCgroup?
    /// Whether anon pages may go to swap (`may_swap`).
    public var maySwap = true
    public var swappiness: Int
    /// kswapd rather than a task reclaiming directly.
    public var isKswapd = false
    /// memory.reclaim: proactive (`proactive`).
    public var proactive = false
    /// DEF_PRIORITY down to 0.
    public var priority = PageLRU.defaultPriority
    public var nrScanned = 0
    public var nrReclaimed = 0
    /// `memcg_low_reclaim`: this pass may break memory.low.
    public var memcgLowReclaim = false
    /// `memcg_low_skipped`: a memcg was spared for its memory.low.
    public var memcgLowSkipped = false
    /// `memcg_full_walk`: every memcg of the subtree is visited, from the
    /// first (kswapd always; a direct reclaimer on its retry after a round
    /// of partial walks freed nothing).
    public var memcgFullWalk = false
    /// `low` events this reclaim counted.
    public var lowEvents = 0

    public init(nrToReclaim: Int, target: MemCgroup?, swappiness: Int) {
        self.nrToReclaim = nrToReclaim
        self.target = target
        self.swappiness = swappiness
    }
}

extension MemCgroup: @unchecked Sendable {}
