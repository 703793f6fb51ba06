/// Where a cgroup is in its life.
public enum CgroupState: String, Sendable {
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
