import KernelSim
import Memcg
import Testing

@Suite struct ThresholdSpillTests {
    /// A per-CPU delta reaches the cgroup and every ancestor only when its
    /// magnitude passes the batch (strictly, as `abs(x) > batch`).
    @Test func deltaSpillsToCgroupAndAncestorsPastTheBatch() {
        let stats = StatsTestSupport.stats(.thresholdSpill)
        let root = stats.addCgroup(parent: nil)
        let mid = stats.addCgroup(parent: root)
        let leaf = stats.addCgroup(parent: mid)
        stats.update(leaf, .anon, 32, cpu: 1, node: 1)
        #expect(stats.unclamped(leaf, .anon) == 0)
        #expect(stats.exact(root, .anon) == 32)
        stats.update(leaf, .anon, 1, cpu: 1, node: 1)
        for slot in [leaf, mid, root] {
            #expect(stats.unclamped(slot, .anon) == 33)
            #expect(stats.unclampedNode(slot, .anon, node: 1) == 33)
            #expect(stats.unclampedNode(slot, .anon, node: 0) == 0)
        }
        // Another CPU starts from its own zero.
        stats.update(leaf, .anon, -20, cpu: 2, node: 1)
        #expect(stats.unclamped(root, .anon) == 33)
        #expect(stats.read(root, .anon) == 33)
        #expect(stats.exact(root, .anon) == 13)
    }

    /// Negative totals read as zero, as memcg_page_state clamps them.
    @Test func readClampsNegativeTotals() {
        let stats = StatsTestSupport.stats(.thresholdSpill)
        let root = stats.addCgroup(parent: nil)
        stats.update(root, .file, 20, cpu: 0, node: 0)
        stats.update(root, .file, -40, cpu: 1, node: 0)
        #expect(stats.unclamped(root, .file) == -40)
        #expect(stats.read(root, .file) == 0)
    }

    /// The remainder is folded exactly once at free: with every child freed,
    /// the ancestors' counters are exact.
    @Test func freeFoldsTheRemainderOnce() {
        let stats = StatsTestSupport.stats(.thresholdSpill)
        let root = stats.addCgroup(parent: nil)
        let child = stats.addCgroup(parent: root)
        for cpu in 0..<4 { stats.update(child, .slabReclaimable, 5 + cpu, cpu: cpu, node: cpu % 2) }
        #expect(stats.unclamped(root, .slabReclaimable) == 0)
        stats.cgroupOffline(child)
        #expect(stats.unclamped(root, .slabReclaimable) == 0)
        stats.cgroupFreed(child)
        #expect(stats.unclamped(root, .slabReclaimable) == 26)
        #expect(stats.error(root, .slabReclaimable) == 0)
        #expect(stats.unclampedNode(root, .slabReclaimable, node: 0) == 5 + 7)
        #expect(stats.flushStatistics.flushes == 0)
    }

    /// Property: under random updates to a random tree with cgroups going
    /// offline and being freed, every cgroup's error on every item stays
    /// within batch x CPUs per undead cgroup in its subtree, dying ones
    /// included; when everything below the root is freed, only the root's
    /// own remainder is left.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func errorStaysWithinBatchTimesCPUsPerCgroup(seed: UInt64) {
        let stats = StatsTestSupport.stats(.thresholdSpill)
        var random = SimRandom(seed: seed)
        let bound = Int64(MemcgStats.errorBoundPages(batch: 32, cpus: 4))
        let root = stats.addCgroup(parent: nil)
        var online = [root]
        var dying: [StatsSlot] = []
        var parent: [StatsSlot: StatsSlot] = [:]
        var children: [StatsSlot: Int] = [root: 0]
        func subtreeSize(_ slot: StatsSlot) -> Int64 {
            Int64((online + dying).filter { s in
                var c: StatsSlot? = s
                while let x = c, x != slot { c = parent[x] }
                return c == slot
            }.count)
        }
        for round in 0..<3000 {
            let choice = random.index(below: 100)
            if choice < 4, online.count < 40 {
                let p = online[random.index(below: online.count)]
                let c = stats.addCgroup(parent: p)
                parent[c] = p
                children[c] = 0
                children[p, default: 0] += 1
                online.append(c)
            } else if choice < 6, online.count > 1 {
                let i = 1 + random.index(below: online.count - 1)
                stats.cgroupOffline(online[i])
                dying.append(online.remove(at: i))
            } else if choice < 8, let i = dying.indices.first(where: { children[dying[$0]] == 0 }) {
                let d = dying.remove(at: i)
                stats.cgroupFreed(d)
                children[parent[d]!]! -= 1
            } else {
                let all = online + dying
                let slot = all[random.index(below: all.count)]
                let item = StatsTestSupport.storedItems[random.index(below: StatsTestSupport.storedItems.count)]
                stats.update(slot, item, random.int(in: -40...40), cpu: random.index(below: 4), node: random.index(below: 2))
            }
            if round % 100 == 0 {
                for slot in online + dying {
                    let limit = bound * subtreeSize(slot)
                    for item in StatsTestSupport.storedItems {
                        #expect(abs(stats.error(slot, item)) <= limit * (item.unitIsBytes ? 4_096 : 1))
                    }
                }
            }
        }
        // Free everything but the root, leaves first.
        for slot in online.dropFirst() { stats.cgroupOffline(slot) }
        var remaining = Array(online.dropFirst()) + dying
        while !remaining.isEmpty {
            let i = remaining.firstIndex { children[$0] == 0 }!
            let d = remaining.remove(at: i)
            stats.cgroupFreed(d)
            children[parent[d]!]! -= 1
        }
        for item in StatsTestSupport.storedItems {
            #expect(abs(stats.error(root, item)) <= bound * (item.unitIsBytes ? 4_096 : 1))
        }
    }
}
