/// The life of a memcg's ID (`memcg->id.id`, 1...65535): taken by mkdir
/// (`mem_cgroup_alloc()` from `mem_cgroup_idr`) and removed once
/// (`mem_cgroup_id_remove()`), at a point the `memcgIDRelease` design
/// decides (`MemcgIDLifetime`). The kernel marks a removed ID by setting
/// it to 0, which `mem_cgroup_id()` then returns; the model names the state.
package enum MemcgIDState: Equatable, Sendable {
    case held(Int)
    case removed

    /// The ID while held.
    @inline(__always)
    var id: Int? {
        if case .held(let id) = self { return id }
        return nil
    }

    /// `mem_cgroup_id()`: the ID, or 0 once removed, as the kernel records
    /// it in swap entries and shadow entries (0 names no memcg).
    @inline(__always)
    var recorded: Int {
        if case .held(let id) = self { return id }
        return 0
    }

    var name: String {
        switch self {
        case .held(let id): return "held \(id)"
        case .removed: return "removed"
        }
    }
}
