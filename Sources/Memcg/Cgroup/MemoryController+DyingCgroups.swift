import KernelSim

// The dying cgroups and what each still holds: the model's answer to
// "what is keeping my deleted cgroups alive?" (`/sys/kernel/debug/memcg/dying`,
// the dying-cgroups and long-running-host scenarios). Linear in the cgroups
// not yet freed; read on demand.

extension MemoryController {
    /// Every removed, not yet freed cgroup (killed, dying, or released and
    /// waiting for its grace period), in creation order.
    public var dyingCgroups: [MemCgroup] {
        registry.filter { $0.state.isRemovedNotFreed }
    }

    /// The facts of every dying cgroup, in creation order.
    public func dyingCgroupFacts() -> [DyingCgroupFacts] {
        let dying = dyingCgroups
        guard !dying.isEmpty else { return [] }
        var childUsage: [UInt64: Int] = [:]
        var childCount: [UInt64: Int] = [:]
        for memcg in registry where memcg.state != .freed {
            guard let parent = memcg.parent else { continue }
            childUsage[parent.serial, default: 0] += memcg.memory.usage - kmem.strandedPages(of: memcg)
            childCount[parent.serial, default: 0] += 1
        }
        var batched: [UInt64: Int] = [:]
        for cpu in 0..<pages.addBatches.count {
            for id in pages.addBatches[cpu] { batched[pages.owner(of: id).serial, default: 0] += 1 }
        }
        let structures = MemcgStructures(cpus: kernel.cpus, nodes: kernel.nodes).totalBytes
        return dying.map { memcg in
            var lists = Array(repeating: 0, count: LRUList.allCases.count)
            var isolated = 0
            for lruvec in memcg.lruState?.lruvecs ?? [] {
                for list in LRUList.allCases { lists[list.rawValue] += lruvec.size(list) }
                isolated += lruvec.isolated[0] + lruvec.isolated[1]
            }
            let kmemHeld = kmem.heldReferences(on: memcg)
            let holders = [
                memcg.state.isOffline ? 0 : 1,
                memcg.anonPages,
                memcg.lruState?.filePages ?? 0,
                memcg.lruState?.sockPages ?? 0,
                memcg.lruState?.swapLocal ?? 0,
                memcg.directKernelPages,
                stocks.slots.reduce(0) { $0 + ($1.cached === memcg ? 1 : 0) },
                childCount[memcg.serial] ?? 0,
                kmemHeld,
                memcg.externalReferences - kmemHeld,
            ]
            return DyingCgroupFacts(
                path: memcg.path, serial: memcg.serial, state: memcg.state,
                age: kernel.now - (memcg.removedAt ?? kernel.now), id: memcg.id,
                lruPages: lists, batchedPages: batched[memcg.serial] ?? 0, isolatedPages: isolated,
                slabObjects: kmem.slabObjects(chargedTo: memcg), swapEntries: memcg.lruState?.swapLocal ?? 0,
                kernelStackBytes: memcg.kernelMemoryBytes(.kernelStack),
                chargedBytes: (memcg.memory.usage - kmem.strandedPages(of: memcg) - (childUsage[memcg.serial] ?? 0)) * PageSize.bytes,
                structureBytes: structures, references: memcg.references, holders: holders)
        }
    }

    /// Memory the dying cgroups keep, all together: their charged pages and
    /// their own structures (`DyingCgroupFacts.heldBytes`), without building
    /// the per-cgroup facts (scenarios read it at every sample).
    public func dyingCgroupHeldBytes() -> Int {
        let structures = MemcgStructures(cpus: kernel.cpus, nodes: kernel.nodes).totalBytes
        var dyingUsage = 0, dyingChildrenOfDying = 0, count = 0
        for memcg in registry where memcg.state.isRemovedNotFreed {
            count += 1
            let held = memcg.memory.usage - kmem.strandedPages(of: memcg)
            dyingUsage += held
            if let parent = memcg.parent, parent.state.isRemovedNotFreed {
                dyingChildrenOfDying += held
            }
        }
        return (dyingUsage - dyingChildrenOfDying) * PageSize.bytes + count * structures
    }
}
