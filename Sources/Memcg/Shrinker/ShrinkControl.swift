/// What a shrinker is asked to do: the kernel's `struct shrink_control`.
package struct ShrinkControl {
    /// The node to count or scan (0 for shrinkers that are not NUMA-aware).
    package internal(set) var node: Int
    /// The memcg reclaimed; the root for global reclaim.
    package let memcg: MemCgroup
    /// How many objects `scan` should look at.
    package internal(set) var nrToScan: Int
    /// How many it did look at; starts equal to `nrToScan`, a shrinker
    /// that scanned a different number says so here.
    var nrScanned: Int

    init(node: Int, memcg: MemCgroup) {
        self.node = node
        self.memcg = memcg
        nrToScan = 0
        nrScanned = 0
    }
}
