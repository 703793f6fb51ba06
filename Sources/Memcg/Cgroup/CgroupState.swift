/// Where a cgroup's memory css is in its life, in the kernel's order:
/// `online_css`, `kill_css`, `offline_css`, `css_release_work_fn`,
/// `css_free_rwork_fn` (kernel/cgroup/cgroup.c).
///
/// The facts that follow from the state are not kept beside it: whether
/// the base reference is still held (until the offline ends), whether the
/// cgroup is on the online list (while online), whether it counts in
/// `nr_dying_subsys_memory` (killed or dying) are all asked of the state.
package enum CgroupState: String, Sendable {
    /// Created and visible in the hierarchy (`CSS_ONLINE`).
    case online
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
}

extension CgroupState {
    /// The state a cgroup in this one may enter: its life only goes
    /// forward, one state at a time (rmdir, the end of the offline,
    /// css_release, css_free).
    var successor: CgroupState? {
        switch self {
        case .online: return .killed
        case .killed: return .dying
        case .dying: return .released
        case .released: return .freed
        case .freed: return nil
        }
    }

    /// Removed by rmdir and not yet released, offline run or not: what
    /// `nr_dying_subsys_memory` counts (`kill_css` to `css_release_work_fn`).
    @inline(__always)
    var isKilledOrDying: Bool {
        switch self {
        case .killed, .dying: return true
        case .online, .released, .freed: return false
        }
    }

    /// The offline has ended (`offline_css` ran and the base reference was
    /// dropped): dying, released or freed.
    @inline(__always)
    var isOffline: Bool {
        switch self {
        case .dying, .released, .freed: return true
        case .online, .killed: return false
        }
    }
}

extension MemoryController {
    /// Moves a cgroup to `next`, which must follow the state it is in. Any
    /// other move is a model violation: it is recorded, as a reference
    /// count misuse is, and the cgroup stays where it was.
    @inline(__always)
    func transition(_ memcg: MemCgroup, to next: CgroupState) {
        if !memcg.enter(next) { refuseTransition(memcg, to: next) }
    }

    /// Out of line, so that the checked move costs a compare and a store.
    @inline(never)
    private func refuseTransition(_ memcg: MemCgroup, to next: CgroupState) {
        report(ModelViolation("lifecycle", "cgroup \(memcg.path) #\(memcg.serial) moved from \(memcg.state.rawValue) to \(next.rawValue)"))
    }
}
