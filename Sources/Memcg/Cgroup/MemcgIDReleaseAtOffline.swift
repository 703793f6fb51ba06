/// 4.8 and later (73f576c04b94, "mm: memcontrol: fix cgroup creation
/// failure after many small jobs"): offline drops the online state's ID
/// reference and the last reference gives the ID back
/// (`mem_cgroup_id_remove`); swap entries recorded with the ID keep it.
struct MemcgIDReleaseAtOffline: MemcgIDLifetimeRules {
    @inline(__always)
    func offlined(_ memcg: MemCgroup, in controller: MemoryController) {
        controller.putID(memcg)
    }

    @inline(__always)
    func lastIDReferenceDropped(_ memcg: MemCgroup, in controller: MemoryController) {
        controller.releaseID(memcg)
    }

    func freed(_ memcg: MemCgroup, in controller: MemoryController) {}

    var idFollowsReferences: Bool { true }
}
