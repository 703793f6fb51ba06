/// One reclaim invocation's parameters and progress (`struct scan_control`).
package struct ScanControl: Sendable {
    /// Pages wanted (`nr_to_reclaim`).
    var nrToReclaim: Int
    /// The memcg whose limit asked (nil: global reclaim, for the node).
    package let target: MemCgroup?
    /// Whether anon pages may go to swap (`may_swap`).
    var maySwap = true
    package var swappiness: Int
    /// kswapd rather than a task reclaiming directly.
    var isKswapd = false
    /// memory.reclaim: proactive (`proactive`).
    package var proactive = false
    /// DEF_PRIORITY down to 0.
    package var priority = PageLRU.defaultPriority
    var nrScanned = 0
    var nrReclaimed = 0
    /// `memcg_low_reclaim`: this pass may break memory.low.
    var memcgLowReclaim = false
    /// `memcg_low_skipped`: a memcg was spared for its memory.low.
    var memcgLowSkipped = false
    /// `memcg_full_walk`: every memcg of the subtree is visited, from the
    /// first (kswapd always; a direct reclaimer on its retry after a round
    /// of partial walks freed nothing).
    var memcgFullWalk = false
    /// `low` events this reclaim counted.
    var lowEvents = 0

    init(nrToReclaim: Int, target: MemCgroup?, swappiness: Int) {
        self.nrToReclaim = nrToReclaim
        self.target = target
        self.swappiness = swappiness
    }
}

extension MemCgroup: @unchecked Sendable {}
