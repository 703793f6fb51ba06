/// The racy paths written as steps, for tests and the randomized checker
/// to interleave.
extension MemcgStats {
    /// Loads the per-CPU counter(s) an update will change: the first half
    /// of the owner's read-modify-write.
    public func beginUpdate(_ slot: StatsSlot, _ item: MemcgStatItem, _ delta: Int, cpu: Int, node: Int) -> StatUpdateInFlight {
        checkLive(slot)
        precondition(item.isStored, "slab is derived from the two slab items")
        let base = percpuBase(slot.index, cpu: cpu)
        let nodeItem = nodeItemIndex[item.rawValue]
        return StatUpdateInFlight(
            slot: slot, item: item, delta: delta, cpu: cpu, node: node,
            loadedItem: percpu[base + item.rawValue],
            loadedNode: nodeItem >= 0 ? percpu[base + nodeColumn(nodeItem, node: node)] : 0)
    }

    /// Stores `loaded + delta`: the second half. Under the threshold
    /// schemes a value past the batch is spilled and zero is stored.
    public func commitUpdate(_ update: StatUpdateInFlight) {
        checkLive(update.slot)
        let s = update.slot.index
        let col = update.item.rawValue
        let nodeItem = nodeItemIndex[col]
        let base = percpuBase(s, cpu: update.cpu)
        let nodeCol = nodeItem >= 0 ? nodeColumn(nodeItem, node: update.node) : -1
        switch scheme {
        case .rstat:
            let d = Int32(truncatingIfNeeded: update.delta)
            percpu[base + col] = update.loadedItem &+ d
            if nodeCol >= 0 { percpu[base + nodeCol] = update.loadedNode &+ d }
            tree.markUpdated(s, cpu: update.cpu, parentOf: parentOf)
            pendingUpdates &+= max(1, Int(truncatingIfNeeded: update.delta.magnitude) >> pendingShift[col])
        case .thresholdSpill, .thresholdSpillDoubleFlush:
            storeSpilling(s, base: base, column: col, Int(update.loadedItem) + update.delta)
            if nodeCol >= 0 { storeSpilling(s, base: base, column: nodeCol, Int(update.loadedNode) + update.delta) }
        }
        if keepsOracle { recordExact(s, column: col, nodeItem: nodeItem, node: update.node, delta: update.delta) }
    }

    private func storeSpilling(_ s: Int, base: Int, column: Int, _ value: Int) {
        var x = value
        let threshold = columnThreshold[column]
        if x > threshold || x < -threshold {
            spillUp(s, column: column, Int64(x))
            x = 0
        }
        percpu[base + column] = Int32(x)
    }

    /// Starts a remote flush of the cgroup's counters on `cpu`. Nothing is
    /// read until the first `step`. Under rstat `kind` does not matter.
    public func beginRemoteFlush(_ slot: StatsSlot, cpu: Int, kind: RemotePerCPUFlush.Kind) -> RemotePerCPUFlush {
        checkLive(slot)
        return RemotePerCPUFlush(slot: slot, cpu: cpu, kind: kind)
    }

    /// Runs the flush's next step.
    public func step(_ flush: inout RemotePerCPUFlush) {
        checkLive(flush.slot)
        let s = flush.slot.index
        let base = percpuBase(s, cpu: flush.cpu)
        switch flush.next {
        case .read:
            flush.loaded = percpu.copy(from: base, count: columns)
            flush.next = .add
        case .add:
            if scheme == .rstat {
                foldLoaded(s, cpu: flush.cpu, loaded: flush.loaded)
                flush.next = .done
            } else {
                for col in 0..<columns where flush.loaded[col] != 0 {
                    spillUp(s, column: col, Int64(flush.loaded[col]))
                }
                flush.next = flush.kind == .readAddZero ? .zero : .done
            }
        case .zero:
            percpu.fill(from: base, count: columns, with: 0)
            flush.next = .done
        case .done:
            break
        }
    }

    /// Runs the flush's remaining steps.
    public func finish(_ flush: inout RemotePerCPUFlush) {
        while !flush.isDone { step(&flush) }
    }

    /// rstat: fold loaded values against the snapshot and take them as the
    /// new snapshot, atomically under the (modelled) rstat lock.
    private func foldLoaded(_ s: Int, cpu: Int, loaded: ContiguousArray<Int32>) {
        let base = totalsBase(s)
        let pcBase = percpuBase(s, cpu: cpu)
        let parent = Int(parentOf[s])
        var changed = false
        for col in 0..<columns {
            let previous = percpuPrevious[pcBase + col]
            guard loaded[col] != previous else { continue }
            let delta = Int64(loaded[col] &- previous)
            percpuPrevious[pcBase + col] = loaded[col]
            totals[base + col] += delta
            if parent >= 0 { pending[totalsBase(parent) + col] += delta }
            changed = true
        }
        // A stale load can leave the snapshot behind the counter (an update
        // and a full flush ran since the load), and the parent now holds
        // pending deltas: queue the cgroup, and so its ancestors, so the
        // next flush settles both.
        if changed { tree.markUpdated(s, cpu: cpu, parentOf: parentOf) }
    }
}
