import KernelSim
import Memcg
import Testing

@Suite struct DoubleFlushTests {
    /// bee07b33db78: the offline flush adds the remainders of the items
    /// its loop bounds covered without zeroing them, the free-time fold adds
    /// them again. The loop ran from NR_SLAB_RECLAIMABLE while below
    /// NR_SLAB_UNRECLAIMABLE: slab_reclaimable is counted twice,
    /// slab_unreclaimable (like anon) once.
    @Test func onlyTheReclaimableSlabRemainderIsCountedTwice() {
        let stats = StatsTestSupport.stats(.thresholdSpillDoubleFlush)
        let root = stats.addCgroup(parent: nil)
        let parent = stats.addCgroup(parent: root)
        let child = stats.addCgroup(parent: parent)
        for cpu in 0..<4 {
            stats.update(child, .slabReclaimable, 5, cpu: cpu, node: 1)
            stats.update(child, .slabUnreclaimable, 5, cpu: cpu, node: 1)
            stats.update(child, .anon, 5, cpu: cpu, node: 1)
        }
        stats.cgroupOffline(child)
        #expect(stats.unclamped(parent, .slabReclaimable) == 20)
        #expect(stats.error(parent, .slabReclaimable) == 0)
        #expect(stats.unclamped(parent, .slabUnreclaimable) == 0)
        stats.cgroupFreed(child)
        for slot in [parent, root] {
            #expect(stats.unclamped(slot, .slabReclaimable) == 40)
            #expect(stats.error(slot, .slabReclaimable) == 20)
            #expect(stats.unclampedNode(slot, .slabReclaimable, node: 1) == 40)
            #expect(stats.error(slot, .slab) == 20)
            #expect(stats.error(slot, .slabUnreclaimable) == 0)
            #expect(stats.unclampedNode(slot, .slabUnreclaimable, node: 1) == 20)
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
