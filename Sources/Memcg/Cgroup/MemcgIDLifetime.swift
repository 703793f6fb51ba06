/// When a memcg gives its ID back: the part of the lifecycle that differs
/// between the designs of the `memcgIDRelease` knob.
/// `MemcgIDReleaseAtRelease` (before 4.8) and `MemcgIDReleaseAtOffline`
/// (4.8 on) implement it.
protocol MemcgIDLifetimeRules {
    /// `mem_cgroup_css_offline()`'s part, after the offline steps.
    func offlined(_ memcg: MemCgroup, in controller: MemoryController)

    /// `mem_cgroup_id_put_many()` left no ID reference.
    func lastIDReferenceDropped(_ memcg: MemCgroup, in controller: MemoryController)

    /// `css_free`'s part, before the memcg is freed.
    func freed(_ memcg: MemCgroup, in controller: MemoryController)

    /// Whether the ID references count exactly their holders (the online
    /// state and swap entries) and the ID lives while one is held, which
    /// the invariant checker then verifies.
    var idFollowsReferences: Bool { get }
}

/// The variant the controller holds from init, as an enum with the variant
/// as payload: every cgroup's offline, last ID put and free switch on it
/// inline where a protocol existential would cost a witness-table call.
enum MemcgIDLifetime: MemcgIDLifetimeRules {
    case atRelease(MemcgIDReleaseAtRelease)
    case atOffline(MemcgIDReleaseAtOffline)

    @inline(__always)
    func offlined(_ memcg: MemCgroup, in controller: MemoryController) {
        switch self {
        case .atRelease(let rules): rules.offlined(memcg, in: controller)
        case .atOffline(let rules): rules.offlined(memcg, in: controller)
        }
    }

    @inline(__always)
    func lastIDReferenceDropped(_ memcg: MemCgroup, in controller: MemoryController) {
        switch self {
        case .atRelease(let rules): rules.lastIDReferenceDropped(memcg, in: controller)
        case .atOffline(let rules): rules.lastIDReferenceDropped(memcg, in: controller)
        }
    }

    @inline(__always)
    func freed(_ memcg: MemCgroup, in controller: MemoryController) {
        switch self {
        case .atRelease(let rules): rules.freed(memcg, in: controller)
        case .atOffline(let rules): rules.freed(memcg, in: controller)
        }
    }

    var idFollowsReferences: Bool {
        switch self {
        case .atRelease(let rules): return rules.idFollowsReferences
        case .atOffline(let rules): return rules.idFollowsReferences
        }
    }
}
