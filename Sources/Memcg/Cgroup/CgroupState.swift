/// Where a cgroup's memory css is in its life, in the kernel's order:
/// `css_create` (`css_alloc`, then `online_css`), `kill_css`,
/// `offline_css`, `css_release_work_fn`, `css_free_rwork_fn`
/// (kernel/cgroup/cgroup.c).
///
/// The facts that follow from the state are not kept beside it: whether
/// the base reference is still held (until the offline ends), where the
/// cgroup is on the online list (while online), whether it counts in
/// `nr_dying_subsys_memory` (killed or dying) are all asked of the state.
package enum CgroupState: Equatable, Sendable {
    /// Allocated by mkdir (`css_alloc`) and not yet online: what may fail
    /// here (a kmemcg cache ID, the charge for its own structures) has
    /// not all been done.
    case allocated
    /// Created and visible in the hierarchy (`CSS_ONLINE`), at `slot` in
    /// the controller's list of online cgroups.
    case online(slot: Int)
    /// Removed by rmdir: `kill_css` marked it `CSS_DYING` and killed its
    /// base reference; the offline (`css_killed_work_fn` -> `offline_css`
    /// -> `mem_cgroup_css_offline`) is queued or running, and the base
    /// reference is held until it ends.
    case killed
    /// The offline has run (`offline_css` cleared `CSS_ONLINE`) and the
    /// base reference is gone; still referenced (by pages, caches, objcgs,
    /// a charge stock) and so still in memory: a dying cgroup.
    case dying
    /// The last reference is gone and the release work has run
    /// (`css_release_work_fn`: it no longer counts as dying); an RCU grace
    /// period later it is freed.
    case released
    /// Gone (`css_free_rwork_fn`). Any use of a freed cgroup is a model violation.
    case freed

    /// The state's name, as the debug files and violations print it.
    package var name: String {
        switch self {
        case .allocated: return "allocated"
        case .online: return "online"
        case .killed: return "killed"
        case .dying: return "dying"
        case .released: return "released"
        case .freed: return "freed"
        }
    }
}

extension CgroupState {
    /// Whether a cgroup in this state may enter `next`: its life only goes
    /// forward, one state at a time (online_css, rmdir, the end of the
    /// offline, css_release, css_free). Moving to another place on the
    /// online list is not a change of state (`MemoryController.moveOnline`).
    func mayEnter(_ next: CgroupState) -> Bool {
        switch (self, next) {
        case (.allocated, .online), (.online, .killed), (.killed, .dying), (.dying, .released), (.released, .freed):
            return true
        default:
            return false
        }
    }

    /// Visible in the hierarchy (`CSS_ONLINE`, until rmdir).
    @inline(__always)
    package var isOnline: Bool {
        if case .online = self { return true }
        return false
    }

    /// Its place on the online list while online; nil otherwise.
    @inline(__always)
    var onlineSlot: Int? {
        if case .online(let slot) = self { return slot }
        return nil
    }

    /// Removed by rmdir and not yet released, offline run or not: what
    /// `nr_dying_subsys_memory` counts (`kill_css` to `css_release_work_fn`).
    @inline(__always)
    var isKilledOrDying: Bool {
        switch self {
        case .killed, .dying: return true
        case .allocated, .online, .released, .freed: return false
        }
    }

    /// The offline has ended (`offline_css` ran and the base reference was
    /// dropped): dying, released or freed.
    @inline(__always)
    var isOffline: Bool {
        switch self {
        case .dying, .released, .freed: return true
        case .allocated, .online, .killed: return false
        }
    }

    /// Removed by rmdir and not yet freed: killed, dying or released.
    @inline(__always)
    var isRemovedNotFreed: Bool {
        switch self {
        case .killed, .dying, .released: return true
        case .allocated, .online, .freed: return false
        }
    }

    @inline(__always)
    var isReleased: Bool {
        if case .released = self { return true }
        return false
    }

    @inline(__always)
    var isFreed: Bool {
        if case .freed = self { return true }
        return false
    }
}

extension MemoryController {
    /// Moves a cgroup to `next`, which must follow the state it is in. Any
    /// other move is a model violation: it is recorded, as a reference
    /// count misuse is, and the cgroup stays where it was.
    @inline(__always) @discardableResult
    func transition(_ memcg: MemCgroup, to next: CgroupState) -> Bool {
        if memcg.enter(next) { return true }
        refuseTransition(memcg, to: next)
        return false
    }

    /// Gives an online cgroup another place on the online list (when the
    /// list's holes are squeezed out). A cgroup that is not online has no
    /// place: moving it is a model violation, recorded and refused.
    @inline(__always)
    func moveOnline(_ memcg: MemCgroup, toSlot slot: Int) {
        if !memcg.moveOnline(toSlot: slot) { refuseTransition(memcg, to: .online(slot: slot)) }
    }

    /// Out of line, so that the checked move costs a compare and a store.
    @inline(never)
    private func refuseTransition(_ memcg: MemCgroup, to next: CgroupState) {
        report(ModelViolation("lifecycle", "cgroup \(memcg.path) #\(memcg.serial) moved from \(memcg.state.name) to \(next.name)"))
    }
}
