extension MemoryController {
    /// The items whose truth the controller can recompute from its own
    /// per-cgroup bookkeeping, and that recomputation (in the item's unit).
    private static let checkedItems: [(MemcgStatItem, @Sendable (MemCgroup) -> Int)] = [
        (.anon, { $0.anonPages }),
        (.file, { $0.lruState?.filePages ?? 0 }),
        (.sock, { $0.lruState?.sockPages ?? 0 }),
        (.kernelStack, { $0.kernelMemoryBytes(.kernelStack) / PageSize.bytes }),
        (.percpu, { $0.kernelMemoryBytes(.percpu) }),
        (.slabUnreclaimable, { $0.kernelMemoryBytes(.slab) + $0.slabPages[0] * PageSize.bytes + ($0.kmemState?.slabStatBytes[0] ?? 0) }),
        (.slabReclaimable, { $0.slabPages[1] * PageSize.bytes + ($0.kmemState?.slabStatBytes[1] ?? 0) }),
        (.kernel, { $0.directKernelPages }),
    ]

    /// statistics: every update path reached the statistics (their exact
    /// sums equal what the controller holds, subtree by subtree), and what
    /// memory.stat would report is within the scheme's promise
    /// (`StatisticsScheme.errorBound`).
    /// Reads nothing that flushes, so checking does not change the run.
    func checkStatistics(_ all: [MemCgroup]) -> [ModelViolation] {
        var broken: [ModelViolation] = []
        var subtree: [UInt64: [Int]] = [:]
        var subtreeCount: [UInt64: Int] = [:]
        for memcg in all.reversed() {  // children come after parents in creation order
            let own = Self.checkedItems.map { $0.1(memcg) }
            let sums = zip(own, subtree[memcg.serial] ?? Array(repeating: 0, count: own.count)).map(+)
            subtree[memcg.serial] = sums
            subtreeCount[memcg.serial, default: 0] += 1
            if let parent = memcg.parent {
                subtree[parent.serial] = zip(subtree[parent.serial] ?? Array(repeating: 0, count: own.count), sums).map(+)
                subtreeCount[parent.serial, default: 0] += subtreeCount[memcg.serial]!
            }
        }
        // Only online cgroups are compared: a dying cgroup's own numbers are
        // not visible anywhere, and under objcg its kernel bytes and their
        // statistics part ways at offline (the bytes move to the parent
        // with the objcgs; the updates made so far reach it at free).
        for memcg in all where memcg.state.isOnline {
            let sums = subtree[memcg.serial]!
            for (index, (item, _)) in Self.checkedItems.enumerated() {
                // Under objcg, kmem pages follow the objcg to the parent at
                // offline while the dying child keeps its own bookkeeping;
                // the `kernel` truth is then only known subtree-wide.
                if item == .kernel, kmem.reparentsKernelChargesAtOffline { continue }
                let exact = stats.exact(memcg.statsSlot, item)
                if exact != Int64(sums[index]) {
                    broken.append(ModelViolation("statistics", "\(describe(memcg)): \(item.key) updates sum to \(exact), the controller holds \(sums[index])"))
                    continue
                }
                let error = abs(stats.unclamped(memcg.statsSlot, item) - exact)
                let unit = Int64(item.unitIsBytes ? PageSize.bytes : 1)
                guard let count = stats.errorBound(subtreeCgroups: subtreeCount[memcg.serial]!) else { continue }
                let bound = Int64(count) * unit
                if error > bound {
                    broken.append(ModelViolation("statistics", "\(describe(memcg)): \(item.key) is off by \(error), more than the \(stats.scheme.rawValue) bound \(bound)"))
                }
            }
        }
        return broken
    }
}
