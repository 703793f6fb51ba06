/// Before 4.8: the memcg ID is held until the memcg is freed, whatever
/// holds it, so thousands of dying cgroups can exhaust the 65,535 IDs.
struct MemcgIDReleaseAtRelease: MemcgIDLifetimeRules {
    func offlined(_ memcg: MemCgroup, in controller: MemoryController) {}

    func lastIDReferenceDropped(_ memcg: MemCgroup, in controller: MemoryController) {}

    @inline(__always)
    func freed(_ memcg: MemCgroup, in controller: MemoryController) {
        controller.releaseID(memcg)
    }

    var idFollowsReferences: Bool { false }
}
