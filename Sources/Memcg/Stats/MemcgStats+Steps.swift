/// The racy paths written as steps, for tests and the randomized checker
/// to interleave.
extension MemcgStats {
    /// Loads the per-CPU counter(s) an update will change: the first half
    /// of the owner's read-modify-write.
    package func beginUpdate(_ slot: StatsSlot, _ item: MemcgStatItem, _ delta: Int, cpu: Int, node: Int) -> StatUpdateInFlight {
        checkLive(slot)
        precondition(item.isStored, "slab is derived from the two slab items")
        let base = percpuBase(slot.index, cpu: cpu)
        let nodeItem = nodeItemIndex[item.rawValue]
        return StatUpdateInFlight(
            slot: slot, item: item, delta: delta, cpu: cpu, node: node,
            loadedItem: percpu[base + item.rawValue],
            loadedNode: nodeItem >= 0 ? percpu[base + nodeColumn(nodeItem, node: node)] : 0)
    }

    /// Stores `loaded + delta`: the second half, as the scheme stores (the
    /// batching schemes spill a value past the batch and store zero).
    package func commitUpdate(_ update: StatUpdateInFlight) {
        checkLive(update.slot)
        let s = update.slot.index
        let col = update.item.rawValue
        let nodeItem = nodeItemIndex[col]
        let base = percpuBase(s, cpu: update.cpu)
        let nodeCol = nodeItem >= 0 ? nodeColumn(nodeItem, node: update.node) : -1
        mechanism.store(self, update, base: base, column: col, nodeColumn: nodeCol)
        if keepsOracle { recordExact(s, column: col, nodeItem: nodeItem, node: update.node, delta: update.delta) }
    }

    /// Starts a remote flush of the cgroup's counters on `cpu`. Nothing is
    /// read until the first `step`. Under rstat `kind` does not matter.
    package func beginRemoteFlush(_ slot: StatsSlot, cpu: Int, kind: RemotePerCPUFlush.Kind) -> RemotePerCPUFlush {
        checkLive(slot)
        return RemotePerCPUFlush(slot: slot, cpu: cpu, kind: kind)
    }

    /// Runs the flush's next step.
    package func step(_ flush: inout RemotePerCPUFlush) {
        checkLive(flush.slot)
        let s = flush.slot.index
        let base = percpuBase(s, cpu: flush.cpu)
        switch flush.next {
        case .read:
            flush.loaded = percpu.copy(from: base, count: columns)
            flush.next = .add
        case .add:
            mechanism.remoteFlushAdd(self, &flush)
        case .zero:
            percpu.fill(from: base, count: columns, with: 0)
            flush.next = .done
        case .done:
            break
        }
    }

    /// Runs the flush's remaining steps.
    package func finish(_ flush: inout RemotePerCPUFlush) {
        while !flush.isDone { step(&flush) }
    }
}
