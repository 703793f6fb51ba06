// AWOL pages (Hugh Dickins's word in seed 003): resident, neither isolated
// nor in an add batch, and on a list that reclaim from the root cannot
// reach. Counted as lists change; the invariant checker recounts them.

extension PageLRU {
    /// Moves a memcg's lists to another reach; pages already on them become
    /// AWOL or stop being so.
    /// A memcg that never had a page has no lists to move (its state, if
    /// one is made later, starts from `initialReach`).
    func setReach(_ memcg: MemCgroup, _ reach: LruvecReach) {
        guard let state = memcg.lruState else { return }
        let before = state.reach
        guard before != reach else { return }
        state.reach = reach
        if before == .dyingUnreachable { noteAWOL(-state.lruPages) }
        if reach == .dyingUnreachable { noteAWOL(state.lruPages) }
    }

    /// The reach of lists made for a memcg after its offline step ran.
    func initialReach(_ memcg: MemCgroup) -> LruvecReach {
        guard memcg.state.isOffline else { return .online }
        return .afterOffline(reclaimVisitsDying: offlinePolicy.reclaimVisitsDyingMemcgs)
    }

    /// A page went on (`+1`) or off (`-1`) an unreachable list; a page
    /// moved within such a list (a rotation) is no new arrival.
    @inline(__always)
    func noteAWOL(_ delta: Int, arriving: Bool = true) {
        guard delta != 0 else { return }
        offlineStatistics.awolPages += delta
        if delta > 0, arriving {
            offlineStatistics.awolArrivals += delta
        }
        if offlineStatistics.awolPages > offlineStatistics.awolPagesMax {
            offlineStatistics.awolPagesMax = offlineStatistics.awolPages
        }
    }

    /// Whether reclaim's memcg walk scans this memcg's lists.
    func reclaimVisits(_ memcg: MemCgroup) -> Bool {
        memcg.lruState?.reach.reclaimVisits ?? true
    }

    /// awol-pages: the count kept as lists change equals a full walk that
    /// takes every resident page on a list and asks whether reclaim's memcg
    /// walk from the root (`subtreeInIterOrder`, minus what it skips)
    /// reaches its memcg; and only a design that allows AWOL pages has any.
    func checkAWOL() -> [ModelViolation] {
        var reached = Set<UInt32>()
        for memcg in subtreeInIterOrder(controller.root) where reclaimVisits(memcg) {
            if let state = memcg.lruState { reached.insert(state.slot) }
        }
        var awol = 0
        for index in 0..<table.capacity {
            let record = table[PageID(index)]
            guard record.flags.contains(.allocated), record.flags.contains(.lru) else { continue }
            if !reached.contains(record.owner) { awol += 1 }
        }
        var broken: [ModelViolation] = []
        if awol != offlineStatistics.awolPages {
            broken.append(ModelViolation("awol-pages", "\(offlineStatistics.awolPages) AWOL pages counted, \(awol) on lists reclaim from the root does not reach"))
        }
        if awol > 0, !offlinePolicy.allowsAWOLPages {
            broken.append(ModelViolation("awol-pages", "\(awol) pages on lists reclaim cannot reach under \(offlinePolicy.name), which must leave none"))
        }
        return broken
    }
}
