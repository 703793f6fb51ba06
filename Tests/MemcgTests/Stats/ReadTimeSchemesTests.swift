import KernelSim
import Memcg
import Testing

/// The schemes before 5.2, whose memory.stat reads walk the subtree.
@Suite struct ReadTimeSchemesTests {
    /// Up to 4.14 an update touches only its CPU's counter and every read
    /// sums all of them over the subtree: exact at every read.
    @Test func readTimeSumIsExactAtEveryRead() {
        let stats = StatsTestSupport.stats(.readTimeSum)
        let root = stats.addCgroup(parent: nil)
        let mid = stats.addCgroup(parent: root)
        let leaf = stats.addCgroup(parent: mid)
        let other = stats.addCgroup(parent: root)
        var random = SimRandom(seed: 7)
        for _ in 0..<2_000 {
            let slot = [root, mid, leaf, other][random.index(below: 4)]
            stats.update(slot, .anon, random.int(in: -3...5), cpu: random.index(below: 4), node: random.index(below: 2))
            for s in [root, mid, leaf, other] {
                #expect(stats.unclamped(s, .anon) == stats.exact(s, .anon))
                #expect(stats.unclampedNode(s, .anon, node: 1) == stats.exactNode(s, .anon, node: 1))
            }
        }
    }

    /// A read loads items x cgroups x CPUs counters before a983b5ebee57,
    /// items x cgroups after it, items from 5.2 on.
    @Test func readCostFollowsTheEra() {
        func counters(_ scheme: VMStatScheme, children: Int) -> Int {
            let stats = StatsTestSupport.stats(scheme, cpus: 4)
            let root = stats.addCgroup(parent: nil)
            let parent = stats.addCgroup(parent: root)
            for _ in 0..<children { _ = stats.addCgroup(parent: parent) }
            let before = stats.countersRead
            _ = stats.memoryStatText(parent)
            return stats.countersRead - before
        }
        let lines = counters(.thresholdSpill, children: 0)
        #expect(lines > 0)
        #expect(counters(.thresholdSpill, children: 100) == lines)
        #expect(counters(.rstat, children: 100) == lines)
        #expect(counters(.localBatch, children: 100) == lines * 101)
        #expect(counters(.readTimeSum, children: 100) == lines * 101 * 4)
    }

    /// A freed cgroup's counters go with it: its events vanish from the
    /// parent's sums (42a300353577's second problem), its state items were 0.
    @Test func freedChildrenTakeTheirEventsAlong() {
        for scheme in [VMStatScheme.readTimeSum, .localBatch] {
            let stats = StatsTestSupport.stats(scheme, batch: 1)
            let root = stats.addCgroup(parent: nil)
            let child = stats.addCgroup(parent: root)
            stats.update(child, .pgscan, 50, cpu: 0, node: 0)
            stats.update(child, .anon, 50, cpu: 0, node: 0)
            stats.update(child, .anon, -50, cpu: 1, node: 0)
            #expect(stats.read(root, .pgscan) == 50)
            stats.cgroupOffline(child)
            stats.cgroupFreed(child)
            #expect(stats.read(root, .pgscan) == 0, "\(scheme)")
            #expect(stats.exact(root, .pgscan) == 50)
            #expect(stats.read(root, .anon) == 0)
            #expect(!stats.flushIsExact)
        }
        // From 5.2 the free-time fold keeps them.
        let spill = StatsTestSupport.stats(.thresholdSpill, batch: 1)
        let root = spill.addCgroup(parent: nil)
        let child = spill.addCgroup(parent: root)
        spill.update(child, .pgscan, 50, cpu: 0, node: 0)
        spill.cgroupOffline(child)
        spill.cgroupFreed(child)
        #expect(spill.read(root, .pgscan) == 50)
    }

    /// 4.15-5.1: each cgroup's own atomic lags by less than the batch per
    /// CPU; a read adds the subtree's atomics, each negative one as 0.
    @Test func localBatchStaysWithinTheBatchPerCgroup() {
        let stats = StatsTestSupport.stats(.localBatch)
        let root = stats.addCgroup(parent: nil)
        let children = (0..<10).map { _ in stats.addCgroup(parent: root) }
        var random = SimRandom(seed: 9)
        for _ in 0..<5_000 {
            stats.update(children[random.index(below: 10)], .file, random.int(in: 1...6), cpu: random.index(below: 4), node: 0)
        }
        let error = abs(stats.unclamped(root, .file) - stats.exact(root, .file))
        #expect(error <= Int64(stats.errorBound(subtreeCgroups: 11)!))
        #expect(error > 0)  // some remainders are still per CPU
        // Updates below the batch stay per CPU: the cgroup's atomic, and so
        // the read, does not move.
        let quiet = stats.addCgroup(parent: root)
        let before = stats.read(root, .shmem)
        stats.update(quiet, .shmem, 32, cpu: 0, node: 0)
        #expect(stats.read(root, .shmem) == before)
        stats.update(quiet, .shmem, 1, cpu: 0, node: 0)
        #expect(stats.read(root, .shmem) == before + 33)
    }

    /// The presets before 4.15 use the read-time sum.
    @Test func oldPresetsSumAtReadTime() throws {
        for name in ["v3.18", "v4.10", "v4.11"] {
            #expect(try Preset.named(name).design.vmstat == .readTimeSum)
        }
        #expect(try Preset.named("v5.4").design.vmstat == .thresholdSpillDoubleFlush)
        #expect(try Preset.named("v5.9").design.vmstat == .thresholdSpill)
        #expect(try !Preset.named("v3.18").simplifications.contains { $0.contains("summed per-CPU counters at read time") })
    }
}
