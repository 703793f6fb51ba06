/// Who pays for a memcg's own structures (`MemcgStructures`): the part of
/// the lifecycle that differs between the designs of the `memcgMetadata`
/// knob. `MemcgMetadataUnaccounted` (before 5.9) and
/// `MemcgMetadataChargedToParent` (5.9 on) implement it.
protocol MemcgMetadataRules {
    /// `mem_cgroup_css_alloc()`'s part at mkdir, before the memcg is
    /// online: charges what its structures cost. On failure nothing stays
    /// charged and the mkdir fails with the charge's error.
    func allocated(_ memcg: MemCgroup, under parent: MemCgroup, in controller: MemoryController) throws(MemcgError)

    /// `mem_cgroup_css_free()`'s part: gives back what `allocated` charged.
    func freed(_ memcg: MemCgroup, from parent: MemCgroup, in controller: MemoryController)
}

/// The variant the controller holds from init, as an enum with the variant
/// as payload (as `MemcgIDLifetime`): every mkdir and free switch on it
/// inline rather than through a witness table.
enum MemcgMetadataCharging: MemcgMetadataRules {
    case unaccounted(MemcgMetadataUnaccounted)
    case chargedToParent(MemcgMetadataChargedToParent)

    @inline(__always)
    func allocated(_ memcg: MemCgroup, under parent: MemCgroup, in controller: MemoryController) throws(MemcgError) {
        switch self {
        case .unaccounted(let rules): try rules.allocated(memcg, under: parent, in: controller)
        case .chargedToParent(let rules): try rules.allocated(memcg, under: parent, in: controller)
        }
    }

    @inline(__always)
    func freed(_ memcg: MemCgroup, from parent: MemCgroup, in controller: MemoryController) {
        switch self {
        case .unaccounted(let rules): rules.freed(memcg, from: parent, in: controller)
        case .chargedToParent(let rules): rules.freed(memcg, from: parent, in: controller)
        }
    }
}
