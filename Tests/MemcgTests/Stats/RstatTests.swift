import KernelSim
import Memcg
import Testing

@Suite struct RstatTests {
    /// Updates stay per-CPU until a flush, which makes every ancestor exact.
    @Test func flushPropagatesExactDeltasUpTheTree() {
        let stats = StatsTestSupport.stats(.rstat)
        let root = stats.addCgroup(parent: nil)
        let mid = stats.addCgroup(parent: root)
        let leaf = stats.addCgroup(parent: mid)
        stats.update(leaf, .file, 7, cpu: 0, node: 1)
        stats.update(mid, .file, 3, cpu: 3, node: 0)
        stats.update(leaf, .pgscan, 2, cpu: 2, node: 0)
        #expect(stats.unclamped(root, .file) == 0)
        stats.flushAll()
        #expect(stats.unclamped(leaf, .file) == 7)
        #expect(stats.unclamped(mid, .file) == 10)
        #expect(stats.unclamped(root, .file) == 10)
        #expect(stats.unclampedNode(root, .file, node: 1) == 7)
        #expect(stats.unclamped(root, .pgscan) == 2)
        for slot in [root, mid, leaf] {
            for item in MemcgStatItem.allCases { #expect(stats.error(slot, item) == 0) }
        }
    }

    /// A read flushes only once more than batch x CPUs of updates are pending.
    @Test func readFlushesPastTheThreshold() {
        let stats = StatsTestSupport.stats(.rstat)
        let root = stats.addCgroup(parent: nil)
        let child = stats.addCgroup(parent: root)
        stats.update(child, .anon, 128, cpu: 1, node: 0)
        #expect(stats.read(root, .anon) == 0)
        #expect(stats.flushStatistics.flushes == 0)
        stats.update(child, .anon, 1, cpu: 2, node: 0)
        #expect(stats.read(root, .anon) == 129)
        #expect(stats.flushStatistics.flushes == 1)
        #expect(stats.pendingUpdates == 0)
    }

    /// The periodic flush runs every 2 s of virtual time.
    @Test func periodicFlushEveryTwoSeconds() {
        let kernel = StatsTestSupport.kernel()
        let stats = MemcgStats(kernel: kernel, scheme: .rstat)
        let root = stats.addCgroup(parent: nil)
        stats.update(root, .sock, 4, cpu: 3, node: 0)
        kernel.advance(by: .milliseconds(1999))
        #expect(stats.unclamped(root, .sock) == 0)
        kernel.advance(by: .milliseconds(1))
        #expect(stats.unclamped(root, .sock) == 4)
        kernel.advance(by: .seconds(4))
        #expect(stats.flushStatistics.flushes == 3)
    }

    /// A flush visits only the cgroups updated since the last one (and their
    /// ancestors), never the whole population.
    @Test func flushCostIsProportionalToUpdatedCgroups() {
        let stats = StatsTestSupport.stats(.rstat)
        let root = stats.addCgroup(parent: nil)
        let groups = (0..<10_000).map { _ in stats.addCgroup(parent: root) }
        stats.flushAll()
        #expect(stats.flushStatistics.cgroupsVisited == 0)
        for i in stride(from: 0, to: 50, by: 1) {
            stats.update(groups[i * 97], .anon, 1, cpu: 0, node: 0)
        }
        stats.update(groups[5], .anon, 1, cpu: 2, node: 0)
        stats.flushAll()
        // 50 cgroups plus the root on CPU 0, one plus the root on CPU 2.
        #expect(stats.flushStatistics.cgroupsVisited == 53)
        #expect(stats.flushCost == stats.kernel.costs.statFlushPerCgroup * 53)
        stats.flushAll()
        #expect(stats.flushStatistics.cgroupsVisited == 53)
        #expect(stats.flushStatistics.flushes == 3)
        #expect(stats.error(root, .anon) == 0)
    }

    /// A freed cgroup's deltas reach its parent exactly once, and a reused
    /// slot starts from zero.
    @Test func freedCgroupIsFlushedOnceAndSlotReused() {
        let stats = StatsTestSupport.stats(.rstat)
        let root = stats.addCgroup(parent: nil)
        let child = stats.addCgroup(parent: root)
        let sibling = stats.addCgroup(parent: root)
        stats.update(child, .slabReclaimable, 9, cpu: 1, node: 0)
        stats.update(sibling, .slabReclaimable, 1, cpu: 1, node: 0)
        stats.flushAll()
        stats.update(child, .slabReclaimable, 4, cpu: 1, node: 0)
        stats.update(child, .slabReclaimable, -2, cpu: 3, node: 1)
        stats.cgroupOffline(child)
        stats.cgroupFreed(child)
        stats.flushAll()
        stats.flushAll()
        #expect(stats.unclamped(root, .slabReclaimable) == 12)
        #expect(stats.error(root, .slabReclaimable) == 0)
        #expect(stats.unclampedNode(root, .slabReclaimable, node: 1) == -2)
        let again = stats.addCgroup(parent: root)
        #expect(again == child)
        #expect(stats.unclamped(again, .slabReclaimable) == 0)
        #expect(stats.exact(again, .slabReclaimable) == 0)
        stats.update(again, .slabReclaimable, 1, cpu: 1, node: 0)
        stats.flushAll()
        #expect(stats.unclamped(again, .slabReclaimable) == 1)
        #expect(stats.error(root, .slabReclaimable) == 0)
    }

    /// Per-CPU counters are 32-bit and wrap; deltas between flushes are
    /// still exact.
    @Test func wrappingCountersGiveExactDeltas() {
        let stats = StatsTestSupport.stats(.rstat)
        let root = stats.addCgroup(parent: nil)
        for _ in 0..<5 {
            stats.update(root, .file, 1_500_000_000, cpu: 0, node: 0)
            stats.flushAll()
        }
        #expect(stats.unclamped(root, .file) == 7_500_000_000)
        #expect(stats.error(root, .file) == 0)
    }
}
