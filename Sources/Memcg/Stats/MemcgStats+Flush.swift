import KernelSim

/// Flushing: how per-CPU counters reach the totals outside the hot path.
extension MemcgStats {
    /// An explicit full flush.
    ///
    /// rstat: drains every CPU's updated tree, folding each queued cgroup's
    /// exact per-CPU delta into its totals and its parent's pending counts
    /// (`cgroup_rstat_flush` on the root); cost is proportional to the
    /// cgroups updated since the last flush.
    ///
    /// Threshold schemes: a no-op. Their per-CPU remainders can only be
    /// folded safely by the CPU that owns them or once nobody updates them
    /// (at free); reading and zeroing them from here is the race the seed
    /// thread describes, modelled separately by `RemotePerCPUFlush`.
    public func flushAll() {
        guard scheme == .rstat else { return }
        flushes += 1
        pendingUpdates = 0
        for cpu in 0..<cpus {
            tree.drain(cpu: cpu, scratch: &flushScratch) { slot in
                self.rstatFold(slot, cpu: cpu)
            }
        }
    }

    /// rstat's flush on read: only when enough updates are pending
    /// (`stats_flush_threshold` past batch x CPUs), so readers do not pay
    /// for a walk on every read; the periodic flush bounds the staleness.
    func flushIfPastThreshold() {
        if scheme == .rstat && pendingUpdates > batch * cpus { flushAll() }
    }

    /// Folds one cgroup on one CPU (`mem_cgroup_css_rstat_flush`): the
    /// pending deltas its children pushed, plus the CPU's change since the
    /// snapshot; the sum goes to its totals and to its parent's pending.
    func rstatFold(_ slot: Int, cpu: Int) {
        cgroupsVisited += 1
        flushCost += kernel.costs.statFlushPerCgroup
        let base = totalsBase(slot)
        let pcBase = percpuBase(slot, cpu: cpu)
        let parent = Int(parentOf[slot])
        let parentBase = parent >= 0 ? totalsBase(parent) : -1
        for col in 0..<columns {
            var delta = pending[base + col]
            if delta != 0 { pending[base + col] = 0 }
            let value = percpu[pcBase + col]
            let previous = percpuPrevious[pcBase + col]
            if value != previous {
                delta += Int64(value &- previous)
                percpuPrevious[pcBase + col] = value
            }
            if delta != 0 {
                totals[base + col] += delta
                if parentBase >= 0 { pending[parentBase + col] += delta }
            }
        }
    }

    /// rstat at free (`cgroup_rstat_exit` flushing the dying cgroup): fold
    /// what every CPU still holds, exactly once, and make sure the parent
    /// is queued so the pushed deltas reach its totals at the next flush.
    func rstatFlushFreed(_ slot: Int) {
        let parent = Int(parentOf[slot])
        var visitedAny = false
        for cpu in 0..<cpus {
            let (wasQueued, visited) = tree.unlinkLeaf(slot, cpu: cpu, parent: parent)
            guard wasQueued else { continue }
            visitedAny = true
            flushCost += kernel.costs.listNodeVisit * UInt64(visited)
            rstatFold(slot, cpu: cpu)
            if parent >= 0 { tree.markUpdated(parent, cpu: cpu, parentOf: parentOf) }
        }
        if visitedAny { flushes += 1 }
    }

    /// Threshold schemes at free (`memcg_flush_percpu_vmstats` from
    /// mem_cgroup_free): sum every CPU's remainder and add it to the cgroup
    /// and its ancestors. Nobody updates a freed cgroup, so no race.
    func foldRemainderAtFree(_ slot: Int) {
        for col in 0..<columns {
            var sum: Int64 = 0
            for cpu in 0..<cpus {
                let i = percpuBase(slot, cpu: cpu) + col
                sum += Int64(percpu[i])
                percpu[i] = 0
            }
            if sum != 0 { spillUp(slot, column: col, sum) }
        }
    }

    /// bee07b33db78's offline flush: the per-CPU remainders of the items
    /// its loop bounds covered (`isFlushedAtOffline`: slab_reclaimable only),
    /// memcg-wide and per node, summed into the cgroup and its ancestors but
    /// left in place, so the free-time fold adds them again.
    func offlineSlabFlushWithoutZeroing(_ slot: Int) {
        for item in MemcgStatItem.allCases where item.isFlushedAtOffline {
            var cols = [column(item)]
            let nodeItem = nodeItemIndex[item.rawValue]
            if nodeItem >= 0 { cols += (0..<nodes).map { nodeColumn(nodeItem, node: $0) } }
            for col in cols {
                var sum: Int64 = 0
                for cpu in 0..<cpus { sum += Int64(percpu[percpuBase(slot, cpu: cpu) + col]) }
                if sum != 0 { spillUp(slot, column: col, sum) }
            }
        }
    }
}
