/// 5.9 and later: `mem_cgroup_css_alloc()` allocates the new memcg with
/// the parent as the active memcg and accounted GFP flags, so its slab
/// parts and its per-CPU areas are charged to the parent, and stay charged
/// until `mem_cgroup_css_free()`: a dying child keeps costing its parent.
struct MemcgMetadataChargedToParent: MemcgMetadataRules {
    func allocated(_ memcg: MemCgroup, under parent: MemCgroup, in controller: MemoryController) throws(MemcgError) {
        let structures = MemcgStructures(cpus: controller.kernel.cpus, nodes: controller.kernel.nodes)
        try controller.chargeKernelBytes(parent, structures.slabBytes, as: .slab)
        do {
            try controller.chargeKernelBytes(parent, structures.percpuBytes, as: .percpu)
        } catch {
            controller.uncharge(kernelBytes: structures.slabBytes, from: parent, as: .slab)
            throw error
        }
        memcg.ownStructures = structures
    }

    func freed(_ memcg: MemCgroup, from parent: MemCgroup, in controller: MemoryController) {
        guard let structures = memcg.ownStructures else { return }
        controller.uncharge(kernelBytes: structures.percpuBytes, from: parent, as: .percpu)
        controller.uncharge(kernelBytes: structures.slabBytes, from: parent, as: .slab)
        memcg.ownStructures = nil
    }
}
