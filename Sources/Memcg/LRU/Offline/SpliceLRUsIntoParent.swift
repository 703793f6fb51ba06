import KernelSim

/// The "Eliminate Dying Memory Cgroup" series (Muchun Song, Qi Zheng; v4
/// February 2026; its approach is described in the LPC 2025 session
/// "Taming zombie cgroups", lpc.events/event/19/contributions/2135): an
/// LRU folio points at an obj_cgroup, not at the memcg, so its binding to
/// a memcg can be changed in one place. At offline, for each node, the
/// parent's and the child's lruvec locks are taken (nested), each of the
/// child's lists is spliced onto the parent's and the list sizes and
/// statistics move with it; the objcg is then retargeted to the parent.
/// A folio isolated at that moment finds the parent when it is put back,
/// since its lruvec is looked up through the objcg. Nothing on the LRU
/// pins the dying memcg any longer; swap entries still hold its ID, and
/// kmem or a child may still hold it. Otherwise its last reference goes
/// at offline and it is freed a grace period later: within a grace period
/// or two of rmdir.
///
/// The model's page record names a memcg's LRU slot where the kernel's
/// folio names an objcg, so the model rewrites each record's owner where
/// the kernel changes one pointer; the lock hold is costed as the
/// kernel's splice (constant per list), not as the model's loop.
public struct SpliceLRUsIntoParent: PageOfflinePolicy {
    public init() {}
    public var name: String { "objcg (Eliminate Dying Memory Cgroup)" }

    public func offline(_ memcg: MemCgroup, pages: PageLRU, done: @escaping () -> Void) {
        let kernel = pages.kernel
        pages.setReach(memcg, .reparenting)
        let target = pages.reparentTarget(of: memcg, skippingDying: false)
        var held = VirtualDuration.zero
        if let state = memcg.lruState {
            for node in 0..<state.lruvecs.count {
                // Nested lruvec locks (parent, then child), one splice per
                // non-empty list, the sizes and statistics moved.
                let lists = LRUList.allCases.count { state.lruvecs[node].size($0) > 0 }
                let hold = kernel.costs.mutexAcquire * 2 + (kernel.costs.listNodeVisit + kernel.costs.statFlushPerCgroup) * UInt64(lists)
                pages.spliceLists(of: memcg, node: node, into: target)
                pages.offlineStatistics.listSplices += lists
                if hold > pages.offlineStatistics.lruvecLockMaxHold { pages.offlineStatistics.lruvecLockMaxHold = hold }
                held = held + hold
            }
        }
        kernel.schedule(after: held, "memcg_reparent_lru_folios") { [unowned pages] in
            pages.setReach(memcg, .dyingVisited)
            done()
        }
    }

    public func lruvecOwner(of memcg: MemCgroup, pages: PageLRU) -> MemCgroup {
        pages.reparentTarget(of: memcg, skippingDying: false)
    }
}

extension PageLRU {
    /// Moves one node's lists of `memcg` onto `target`'s, every list, with
    /// the pages' charges.
    func spliceLists(of memcg: MemCgroup, node: Int, into target: MemCgroup) {
        guard let state = memcg.lruState else { return }
        for list in LRUList.allCases {
            while case let tail = state.lruvecs[node].tails[list.rawValue], tail != PageRecord.none {
                reparentPage(tail, to: target)
            }
        }
    }
}
