/// When a memcg gives its ID back: the part of the lifecycle that differs
/// between the designs of the `memcgIDRelease` knob.
/// `MemcgIDReleaseAtRelease` (before 4.8) and `MemcgIDReleaseAtOffline`
/// (4.8 on) implement it; the controller holds the chosen type from init.
protocol MemcgIDLifetime {
    /// `mem_cgroup_css_offline()`'s part, after the offline steps.
    static func offlined(_ memcg: MemCgroup, in controller: MemoryController)

    /// `mem_cgroup_id_put_many()` left no ID reference.
    static func lastIDReferenceDropped(_ memcg: MemCgroup, in controller: MemoryController)

    /// `css_free`'s part, before the memcg is freed.
    static func freed(_ memcg: MemCgroup, in controller: MemoryController)

    /// Whether the ID references count exactly their holders (the online
    /// state and swap entries) and the ID lives while one is held, which
    /// the invariant checker then verifies.
    static var idFollowsReferences: Bool { get }
}
