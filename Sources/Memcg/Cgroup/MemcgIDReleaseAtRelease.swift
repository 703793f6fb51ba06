/// Before 4.8: the memcg ID is held until the memcg is freed, whatever
/// holds it, so thousands of dying cgroups can exhaust the 65,535 IDs.
enum MemcgIDReleaseAtRelease: MemcgIDLifetime {
    static func offlined(_ memcg: MemCgroup, in controller: MemoryController) {}

    static func lastIDReferenceDropped(_ memcg: MemCgroup, in controller: MemoryController) {}

    static func freed(_ memcg: MemCgroup, in controller: MemoryController) {
        controller.releaseID(memcg)
    }

    static var idFollowsReferences: Bool { false }
}
