import KernelSim
import Memcg
import Testing

@Suite struct DoubleFlushTests {
    /// bee07b33db78: the offline flush adds the slab remainders without
    /// zeroing them, the free-time fold adds them again.
    @Test func slabRemainderIsCountedTwice() {
        let stats = StatsTestSupport.stats(.thresholdSpillDoubleFlush)
        let root = stats.addCgroup(parent: nil)
        let parent = stats.addCgroup(parent: root)
        let child = stats.addCgroup(parent: parent)
        for cpu in 0..<4 {
            stats.update(child, .slabUnreclaimable, 5, cpu: cpu, node: 1)
            stats.update(child, .anon, 5, cpu: cpu, node: 1)
        }
        stats.cgroupOffline(child)
        #expect(stats.unclamped(parent, .slabUnreclaimable) == 20)
        #expect(stats.error(parent, .slabUnreclaimable) == 0)
        stats.cgroupFreed(child)
        for slot in [parent, root] {
            #expect(stats.unclamped(slot, .slabUnreclaimable) == 40)
            #expect(stats.error(slot, .slabUnreclaimable) == 20)
            #expect(stats.unclampedNode(slot, .slabUnreclaimable, node: 1) == 40)
            #expect(stats.error(slot, .slab) == 20)
            // Only the slab counters were flushed at offline.
            #expect(stats.error(slot, .anon) == 0)
        }
    }

    /// The same sequence under the fixed scheme is exact.
    @Test func thresholdSpillDoesNotDoubleCount() {
        let stats = StatsTestSupport.stats(.thresholdSpill)
        let root = stats.addCgroup(parent: nil)
        let child = stats.addCgroup(parent: root)
        for cpu in 0..<4 { stats.update(child, .slabUnreclaimable, 5, cpu: cpu, node: 1) }
        stats.cgroupOffline(child)
        stats.cgroupFreed(child)
        #expect(stats.error(root, .slabUnreclaimable) == 0)
    }
}
