/// What a shrinker is asked to do: the kernel's `struct shrink_control`.
public struct ShrinkControl {
    /// The node to count or scan (0 for shrinkers that are not NUMA-aware).
    public internal(set) var node: Int
    /// The memcg reclaimed; the root for global reclaim.
    public let memcg: MemCgroup
    /// How many objects `scan` should look at.
    public internal(set) var nrToScan: Int
    /// How many it did look at; starts equal to `nrToScan`, a shrinker
    /// that scanned a different number says so here.
    public var nrScanned: Int

    init(node: Int, memcg: MemCgroup) {
        self.node = node
        self.memcg = memcg
        nrToScan = 0
        nrScanned = 0
    }
}
