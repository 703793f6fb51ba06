/// The machine's memory: page frames per NUMA node, how many are free, and
/// the watermarks that wake kswapd (low) and make allocators reclaim
/// directly (min), as `__setup_per_zone_wmarks` sets them: `min_free_kbytes`
/// is sqrt(16 x lowmem KiB) within 128 KiB...256 MiB, split over the
/// nodes; low and high sit 0.1% of the node's memory (watermark_scale_factor
/// 10) or a quarter of min, whichever is more, above it and above low.
package struct HostMemory: Sendable {
    let framesPerNode: [Int]
    var freeFrames: [Int]
    package let minWatermark: [Int]
    let lowWatermark: [Int]
    let highWatermark: [Int]

    init(bytes: Int, nodes: Int) {
        let frames = bytes / PageSize.bytes
        let perNode = (0..<nodes).map { frames / nodes + ($0 < frames % nodes ? 1 : 0) }
        framesPerNode = perNode
        freeFrames = perNode
        let kbytes = Double(bytes / 1_024)
        let minFreeKB = Swift.min(Swift.max(Int((kbytes * 16).squareRoot()), 128), 262_144)
        let minPages = minFreeKB / 4
        minWatermark = perNode.map { minPages * $0 / Swift.max(frames, 1) }
        let deltas = zip(perNode, minWatermark).map { Swift.max($1 / 4, $0 * 10 / 10_000) }
        lowWatermark = zip(minWatermark, deltas).map { $0 + $1 }
        highWatermark = zip(minWatermark, deltas).map { $0 + 2 * $1 }
    }

    /// Takes a free frame on `node` when nothing else has to happen: the
    /// node is above its min watermark and stays at or above its low one,
    /// so there is no kswapd to wake. Otherwise it takes nothing and
    /// returns false, and the allocation goes the long way
    /// (`PageLRU.allocateFrame`), which decides the same for this node.
    @inline(__always)
    mutating func takeFrameAboveLow(on node: Int) -> Bool {
        guard node >= 0, node < freeFrames.count else { return false }
        let free = freeFrames[node]
        guard free > minWatermark[node], free - 1 >= lowWatermark[node] else { return false }
        freeFrames[node] = free - 1
        return true
    }

    package var totalFrames: Int { framesPerNode.reduce(0, +) }
    package var totalFree: Int { freeFrames.reduce(0, +) }
}
