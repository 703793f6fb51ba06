extension MemoryController {
    /// Checks every invariant of the controller's own state and returns
    /// what is broken (empty when all hold). Linear in the number of
    /// cgroups: the randomized checker runs it every so many steps.
    ///
    /// - charge-conservation: a cgroup's page counter equals the pages
    ///   charged to it directly (anon, whole pages behind kernel bytes,
    ///   stocked pages) plus its children's counters, dying ones included.
    /// - hierarchy: a parent's usage is at least the sum of its children's.
    /// - refcount: a cgroup's reference count equals what holds it: the base
    ///   reference until offline, one per charged page, a stock caching it,
    ///   each child not yet freed.
    /// - descendants: `cgroup.stat` counts match the cgroups that exist
    ///   (a released cgroup still counts in nr_dying_descendants until it
    ///   is freed; its memory css no longer counts in nr_dying_subsys_memory).
    /// - ids: the memcg and kmemcg cache IDs in use are the ones cgroups
    ///   hold; under `atOffline` a memcg's ID references are its online
    ///   state and its swap entries, and it holds an ID exactly while it has some.
    /// - online-list: the list of online cgroups holds each online cgroup
    ///   once, at the place it records, in creation order.
    /// - statistics: see `checkStatistics`.
    /// - violations: no rule was broken on the way.
    /// - page-conservation: see `PageLRU.checkInvariants` (LRU/).
    /// - the kmem layer's own invariants (`KmemAccounting.checkInvariants`):
    ///   cache lists and slabinfo, child-cache pages, objcg charges and
    ///   references, no use of released objcgs or destroyed caches.
    public func checkInvariants() -> [ModelViolation] {
        var broken = violations
        let all = allCgroups
        var childUsage: [UInt64: Int] = [:]
        var childRefs: [UInt64: Int] = [:]
        var live: [UInt64: Int] = [:]
        var dying: [UInt64: Int] = [:]
        var dyingCss: [UInt64: Int] = [:]
        var idsHeld = 0, cacheIDsHeld = 0
        let objcgPages = kmem.objcgPagesByMemcg()
        for memcg in all {
            if case .held = memcg.idState { idsHeld += 1 }
            if case .held = memcg.cacheIDState { cacheIDsHeld += 1 }
            guard let parent = memcg.parent else { continue }
            // Pages stranded on a dying child's counter are not in its
            // parent's any more once uncharged (they are counted where
            // their objcg or cache charges now).
            childUsage[parent.serial, default: 0] += memcg.memory.usage - kmem.strandedPages(of: memcg)
            childRefs[parent.serial, default: 0] += 1
            var ancestor: MemCgroup? = parent
            while let a = ancestor {
                if memcg.state.isOnline { live[a.serial, default: 0] += 1 } else { dying[a.serial, default: 0] += 1 }
                if memcg.state.isKilledOrDying { dyingCss[a.serial, default: 0] += 1 }
                ancestor = a.parent
            }
        }
        for memcg in all {
            // Kernel bytes charged through an objcg are counted with its pages.
            if (memcg.directKernelBytes + memcg.kmemSpareBytes) % PageSize.bytes != 0 {
                broken.append(ModelViolation("kmem-bytes", "\(memcg.path): kernel bytes plus spare are not whole pages"))
            }
            let kmemPages = memcg.directKernelPages
            let stocked = stockedPages(memcg)
            let objcgLocal = objcgPages[memcg.serial] ?? 0
            let pagePages = memcg.pageLayerChargedPages
            let stranded = kmem.strandedPages(of: memcg)
            let local = memcg.anonPages + pagePages + kmemPages + stocked + objcgLocal + stranded
            let children = childUsage[memcg.serial] ?? 0
            if memcg.memory.usage != local + children {
                broken.append(ModelViolation("charge-conservation",
                    "\(describe(memcg)): memory.current \(memcg.memory.usage) pages != local \(local) (anon \(memcg.anonPages), file and sock \(pagePages), kernel \(kmemPages), stock \(stocked), objcg \(objcgLocal), stranded \(stranded)) + children \(children)"))
            }
            if memcg.memory.usage < children {
                broken.append(ModelViolation("hierarchy", "\(describe(memcg)): usage \(memcg.memory.usage) < children's \(children)"))
            }
            let holders = (memcg.state.isOffline ? 0 : 1) + memcg.anonPages + memcg.pageLayerReferences + kmemPages
                + stocks.slots.reduce(0) { $0 + ($1.cached === memcg ? 1 : 0) } + (childRefs[memcg.serial] ?? 0) + memcg.externalReferences
            if memcg.references != holders {
                broken.append(ModelViolation("refcount", "\(describe(memcg)): \(memcg.references) references, \(holders) holders"))
            }
            if memcg.liveDescendants != live[memcg.serial] ?? 0 || memcg.dyingDescendants != dying[memcg.serial] ?? 0
                || memcg.dyingSubsysMemory != dyingCss[memcg.serial] ?? 0 {
                broken.append(ModelViolation("descendants",
                    "\(describe(memcg)): cgroup.stat says \(memcg.liveDescendants) live, \(memcg.dyingDescendants) dying, \(memcg.dyingSubsysMemory) dying memory csses; there are \(live[memcg.serial] ?? 0), \(dying[memcg.serial] ?? 0) and \(dyingCss[memcg.serial] ?? 0)"))
            }
            let swapEntries = memcg.lruState?.swapLocal ?? 0
            let idHolders = (memcg.state.isOffline ? 0 : 1) + swapEntries
            if idLifetime.idFollowsReferences, memcg.idReferences != idHolders {
                broken.append(ModelViolation("ids", "\(describe(memcg)): \(memcg.idReferences) ID references, \(idHolders) holders (offline done \(memcg.state.isOffline), swap entries \(swapEntries))"))
            }
            if idLifetime.idFollowsReferences, (memcg.id != nil) != (idHolders > 0) {
                broken.append(ModelViolation("ids", "\(describe(memcg)): ID \(memcg.idState.recorded) with \(idHolders) ID reference holders"))
            }
        }
        if idsHeld != memcgIDs.inUse {
            broken.append(ModelViolation("ids", "\(memcgIDs.inUse) memcg IDs in use, cgroups hold \(idsHeld)"))
        }
        broken += checkOnlineList(all)
        broken += checkStatistics(all)
        if cacheIDsHeld != kmemcgIDs.inUse {
            broken.append(ModelViolation("ids", "\(kmemcgIDs.inUse) kmemcg cache IDs in use, cgroups hold \(cacheIDsHeld)"))
        }
        if let listLRUs = listLRUStorage { broken += listLRUs.checkInvariants() }
        broken += pages.checkInvariants()
        return broken + kmem.checkInvariants()
    }

    /// What must hold once everything is torn down: only the root is left,
    /// nothing is charged but what the CPUs' stocks hold for the root,
    /// every ID but the root's is free, and no child cache, dying cache or
    /// objcg is left (with the object stocks drained).
    public func checkQuiescent() -> [ModelViolation] {
        var broken: [ModelViolation] = []
        let all = allCgroups
        if all.count != 1 {
            let left = all.dropFirst().prefix(5).map(describe).joined(separator: ", ")
            broken.append(ModelViolation("liveness", "\(all.count - 1) cgroups not freed after teardown: \(left)"))
        }
        let rootStock = stockedPages(root)
        if root.memory.usage != rootStock {
            broken.append(ModelViolation("liveness", "root still has \(root.memory.usage - rootStock) pages charged beyond its stock"))
        }
        if stats.flushIsExact {
            stats.flushAll()
            for item in MemcgStatItem.allCases where item.isStored {
                let error = stats.error(root.statsSlot, item)
                if error != 0 {
                    broken.append(ModelViolation("statistics", "after teardown and a flush, root \(item.key) is off by \(error)"))
                }
            }
        }
        if memcgIDs.inUse != 1 {
            broken.append(ModelViolation("liveness", "\(memcgIDs.inUse - 1) memcg IDs still in use"))
        }
        if let listLRUs = listLRUStorage { broken += listLRUs.checkQuiescent() }
        return broken + kmem.checkQuiescent()
    }

    private func checkOnlineList(_ all: [MemCgroup]) -> [ModelViolation] {
        var broken: [ModelViolation] = []
        var previous: UInt64?
        var listed = 0
        for (slot, entry) in onlineSlots.enumerated() {
            guard let memcg = entry else { continue }
            listed += 1
            if memcg.state.onlineSlot != slot {
                broken.append(ModelViolation("online-list", "\(describe(memcg)) is at place \(slot) of the online list, records \(memcg.state.onlineSlot.map(String.init) ?? "none")"))
            }
            if let previous, previous >= memcg.serial {
                broken.append(ModelViolation("online-list", "\(describe(memcg)) is out of creation order in the online list"))
            }
            previous = memcg.serial
        }
        let online = all.count(where: \.isOnline)
        if listed != online || onlineSlots.count - listed != onlineHoles {
            broken.append(ModelViolation("online-list", "the online list holds \(listed) cgroups and \(onlineSlots.count - listed) holes; \(online) are online and \(onlineHoles) holes are counted"))
        }
        return broken
    }

    func describe(_ memcg: MemCgroup) -> String {
        "cgroup #\(memcg.serial) \(memcg.path) (\(memcg.state.name))"
    }
}
