import KernelSim

// Moving a page of a dying memcg to an ancestor: the page, its charge and
// the css reference the charge holds (`mem_cgroup_move_parent` up to 3.18,
// the objcg splice of the 2026 series), the ancestors designs pick, the
// page-to-lruvec lookup that may move a page, and the offline step's time.

extension PageLRU {
    /// Moves a page that is resident (on a list, isolated or batched) and
    /// charged to a dying memcg to `target`, an ancestor of it: the page's
    /// owner, its per-memcg counts and statistics, its charge (the levels
    /// below `target` are uncharged, as `res_counter_uncharge_until` and
    /// `page_counter_cancel` do; `target` and above keep it) and the
    /// reference. A page on a list changes lists.
    func reparentPage(_ id: PageID, to target: MemCgroup) {
        let record = table[id]
        let from = owners[Int(record.owner)]!
        guard from !== target, !record.flags.contains(.swapped) else { return }
        let listed = record.flags.contains(.lru)
        if listed { listDel(id) }
        accountCharged(id, from, -1)
        table[id].owner = state(target).slot
        accountCharged(id, target, 1)
        var level: MemCgroup? = from
        while let node = level, node !== target {
            node.memory.usage -= 1
            level = node.parent
        }
        controller.get(target)
        controller.put(from)
        offlineStatistics.reparentedPages += 1
        if listed { listAdd(id) }
    }

    /// Moves every page on `memcg`'s lists (all nodes, all lists) to
    /// `target`, tail first; returns how many moved.
    @discardableResult
    func reparentListedPages(of memcg: MemCgroup, to target: MemCgroup) -> Int {
        guard let state = memcg.lruState else { return 0 }
        var moved = 0
        for node in 0..<state.lruvecs.count {
            for list in LRUList.allCases {
                while case let tail = state.lruvecs[node].tails[list.rawValue], tail != PageRecord.none {
                    reparentPage(tail, to: target)
                    moved += 1
                }
            }
        }
        return moved
    }

    /// Where a dying memcg's pages go. 3.18 and the objcg series take the
    /// parent (`parent_mem_cgroup`), passing only ancestors whose own
    /// offline already ran (the work items run in rmdir order, so that is
    /// rare); the RFC walks up to the first ancestor `css_tryget` succeeds
    /// on, which fails from rmdir on (`skippingDying`). The root is never
    /// passed.
    func reparentTarget(of memcg: MemCgroup, skippingDying: Bool) -> MemCgroup {
        var ancestor = memcg.parent ?? controller.root
        while !ancestor.isRoot {
            let offlined = ancestor.state.isOffline || (ancestor.lruState.map { $0.reach != .online } ?? false)
            guard offlined || (skippingDying && !ancestor.isOnline) else { break }
            ancestor = ancestor.parent ?? controller.root
        }
        return ancestor
    }

    /// Pages charged to `memcg` itself that a reparenting loop waits for:
    /// those with page records (page cache, anon), which live on an LRU
    /// list or are isolated from one. Kernel memory is left out, as 3.18
    /// subtracted the kmem counter; so are socket buffers (3.18 counted
    /// them apart) and anon charged without records (`chargeAnon`, a
    /// workload's shorthand the model cannot put on a list or move).
    func chargedPagePages(_ memcg: MemCgroup) -> Int {
        (memcg.lruState?.filePages ?? 0) + (memcg.lruState?.anonPages ?? 0)
    }

    /// `folio_lruvec` for a page of a memcg whose offline step has run:
    /// where the design puts it, the page and its charge moved there.
    func lookupLruvecOwner(_ id: PageID, _ memcg: MemCgroup) -> (PageRecord, MemCgroup) {
        if memcg.lruState!.reach == .reparenting { offlinePolicy.lookupDuringOffline(memcg, pages: self) }
        let home = offlinePolicy.lruvecOwner(of: memcg, pages: self)
        guard home !== memcg else { return (table[id], memcg) }
        reparentPage(id, to: home)
        offlineStatistics.redirectedPages += 1
        return (table[id], home)
    }

    /// The page step of an offline finished (`startedAt` is its start).
    func offlineStepFinished(startedAt: VirtualTime) {
        let took = kernel.now - startedAt
        offlineStatistics.offlinedMemcgs += 1
        offlineStatistics.offlineStepTime = offlineStatistics.offlineStepTime + took
        if took > offlineStatistics.offlineStepMax { offlineStatistics.offlineStepMax = took }
    }
}
