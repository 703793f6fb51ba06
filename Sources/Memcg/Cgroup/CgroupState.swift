/// Where a cgroup is in its life.
package enum CgroupState: String, Sendable {
    /// Created and visible in the hierarchy.
    case online
    /// Removed by rmdir; no longer visible, but still referenced (by pages,
    /// caches, objcgs, a charge stock) and so still in memory.
    case dying
    /// The last reference is gone and the release work has run (it no
    /// longer counts as dying); an RCU grace period later it is freed.
    case released
    /// Gone. Any use of a freed cgroup is a model violation.
    case freed
}

extension CgroupState {
    /// The state a cgroup in this one may enter: its life only goes
    /// forward, one state at a time (rmdir, css_release, css_free).
    var successor: CgroupState? {
        switch self {
        case .online: return .dying
        case .dying: return .released
        case .released: return .freed
        case .freed: return nil
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
