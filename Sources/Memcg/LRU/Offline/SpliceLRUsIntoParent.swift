import KernelSim

/// The "Eliminate Dying Memory Cgroup" series (Muchun Song, Qi Zheng; v4,
/// 5 February 2026, cover.1770279888.git.zhengqi.arch@bytedance.com): an
/// LRU folio points at an obj_cgroup, not at the memcg, so its binding to
/// a memcg changes in one place. Nothing on the LRU pins the dying memcg
/// any longer; swap entries still hold its ID, and kmem or a child may
/// still hold it. Otherwise its last reference goes at offline and it is
/// freed a grace period later: within a grace period or two of rmdir.
///
/// The offline step, as v4 30/31 ("mm: memcontrol: eliminate the problem
/// of dying memory cgroup for LRU folios") writes `memcg_reparent_objcgs`:
/// - `reparent_locks`: objcg_lock, then for every node the child's lruvec
///   lock and the parent's (`spin_lock_nested`, child first), all nodes
///   held at once: one critical section, not one per node (v5 of the
///   series, 25 February 2026, moved to a section per node);
/// - `lru_reparent_memcg`: each of the child's lists is spliced onto the
///   tail of the parent's and the per-zone list sizes and the lruvec's
///   anon/file reclaim costs are added to the parent's;
/// - `__memcg_reparent_objcgs`: the child's objcgs are pointed at the
///   parent (from here `folio_memcg` of every folio names the parent);
/// - the locks are dropped, then `reparent_state_local` (see below) and
///   `percpu_ref_kill` of the objcg.
///
/// A page-to-lruvec lookup that races with the section
/// (`folio_lruvec_lock`, "mm: memcontrol: prepare for reparenting LRU
/// pages for lruvec lock", read as v3 24/30 of 14 January 2026) reads the folio's memcg, takes
/// that lruvec's lock (spinning while the section holds it), and then
/// finds `lruvec_memcg(lruvec) != folio_memcg(folio)`: the objcg was
/// retargeted while it waited. It drops the lock and retries with the
/// parent's lruvec. The model counts each such retry and how long the
/// lookup waited (`PageOfflineStatistics.lookupRetries`); a lookup after
/// the section finds the parent at once and does not retry.
///
/// Statistics (v4 29/31, "mm: memcontrol: prepare for reparenting
/// non-hierarchical stats"): `reparent_state_local` moves the dying
/// memcg's non-hierarchical counters (memcg1_stats and the per-node LRU
/// sizes) to the parent, and from offline on `get_non_dying_memcg_start`
/// sends a stat update aimed at a dying memcg to its first non-dying
/// ancestor; both return at once on cgroup v2, whose counters are
/// hierarchical (rstat already counts the child in every ancestor), so
/// only v1 needs them. The model is a cgroup v2 kernel: what moves is
/// what follows the folios (their counts, charged at the parent from the
/// splice on), and every ancestor's memory.stat stays exact through the
/// offline and the free (`PageOfflineTests`).
///
/// The model's page record names a memcg's LRU slot where the kernel's
/// folio names an objcg, so the model rewrites each record's owner where
/// the kernel changes one pointer, at the end of the section; the lock
/// hold is costed as the kernel's splice (constant per list), not as the
/// model's loop.
package final class SpliceLRUsIntoParent: PageOfflinePolicy {
    /// Per dying memcg (serial) whose section is running, when it ends.
    private var sections: [UInt64: VirtualTime] = [:]

    init() {}
    package var name: String { "objcg (Eliminate Dying Memory Cgroup)" }

    func offline(_ memcg: MemCgroup, pages: PageLRU, done: @escaping () -> Void) {
        let kernel = pages.kernel
        // The locks are taken: lookups of this memcg's pages wait from here.
        pages.setReach(memcg, .reparenting)
        let target = pages.reparentTarget(of: memcg, skippingDying: false)
        let nodes = memcg.lruState?.lruvecs.count ?? kernel.nodes
        var lists = 0
        if let state = memcg.lruState {
            for node in 0..<state.lruvecs.count {
                lists += LRUList.allCases.count { state.lruvecs[node].size($0) > 0 }
            }
        }
        // objcg_lock and two nested lruvec locks per node; a splice and the
        // list-size update per non-empty list; the objcg retargeted.
        let hold = kernel.costs.mutexAcquire * UInt64(1 + 2 * nodes)
            + (kernel.costs.listNodeVisit + kernel.costs.statFlushPerCgroup) * UInt64(lists)
            + kernel.costs.listNodeVisit
        sections[memcg.serial] = kernel.now + hold
        pages.offlineStatistics.lruvecLockSections += 1
        if hold > pages.offlineStatistics.lruvecLockMaxHold { pages.offlineStatistics.lruvecLockMaxHold = hold }
        kernel.schedule(after: hold, "memcg_reparent_objcgs") { [self, unowned pages] in
            // The objcg now names the parent: a lookup from here finds it.
            sections[memcg.serial] = nil
            pages.setReach(memcg, .dyingVisited)
            for node in 0..<nodes {
                pages.offlineStatistics.listSplices += pages.spliceLists(of: memcg, node: node, into: target)
            }
            done()
        }
    }

    func lruvecOwner(of memcg: MemCgroup, pages: PageLRU) -> MemCgroup {
        pages.reparentTarget(of: memcg, skippingDying: false)
    }

    func lookupDuringOffline(_ memcg: MemCgroup, pages: PageLRU) {
        guard let end = sections[memcg.serial] else { return }
        pages.offlineStatistics.lookupRetries += 1
        let waited = end - pages.kernel.now
        pages.offlineStatistics.lookupRetryWait = pages.offlineStatistics.lookupRetryWait + waited
        if waited > pages.offlineStatistics.lookupRetryWaitMax { pages.offlineStatistics.lookupRetryWaitMax = waited }
    }
}

extension PageLRU {
    /// Moves one node's lists of `memcg` onto `target`'s, every list, with
    /// the pages' charges; returns how many lists were not empty.
    @discardableResult
    func spliceLists(of memcg: MemCgroup, node: Int, into target: MemCgroup) -> Int {
        guard let state = memcg.lruState else { return 0 }
        var spliced = 0
        for list in LRUList.allCases {
            if state.lruvecs[node].tails[list.rawValue] != PageRecord.none { spliced += 1 }
            while case let tail = state.lruvecs[node].tails[list.rawValue], tail != PageRecord.none {
                reparentPage(tail, to: target)
            }
        }
        return spliced
    }
}
