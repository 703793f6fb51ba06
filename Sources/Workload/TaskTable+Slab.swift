public import Memcg

// Slab objects a task allocates and keeps until it exits, as a process
// holds its vm_area_structs, files and pids: the workload side of the
// kmem layer.

extension TaskTable {
    /// The most objects one action may allocate.
    static let maxSlabObjectsPerAction = 100_000

    /// Allocates `count` objects of the root cache named `cacheName` on the
    /// task's CPU and node, charged to its cgroup if the cache is
    /// accounted. On ENOMEM the objects allocated so far stay with the task.
    public func allocateSlab(_ task: SimTask, cache cacheName: String, count: Int) throws(MemcgError) {
        try perform(slabSteps(task, cache: cacheName, count: count), as: task)
    }

    /// The allocations of `allocateSlab`, a unit an object; ENOENT for an
    /// unknown cache before any.
    func slabSteps(_ task: SimTask, cache cacheName: String, count: Int) throws(MemcgError) -> ActionSteps {
        let kmem = controller.kmem
        guard let cache = kmem.rootCache(named: cacheName) else {
            let names = kmem.rootCaches.map { kmem.allocator.name(of: $0) }
            throw MemcgError(.ENOENT, "no slab cache '\(cacheName)'; caches: \(names.joined(separator: ", "))")
        }
        return ActionSteps(count: count) { [unowned(unsafe) self] _ throws(MemcgError) in
            task.slabObjects.append(try kmem.allocate(cache, memcg: task.memcg))
            allocatedObject(task)
        }
    }

    /// kmalloc(`size`, GFP_KERNEL_ACCOUNT) `count` times, kept by the task.
    public func kmallocObjects(_ task: SimTask, size: Int, count: Int) throws(MemcgError) {
        try perform(kmallocSteps(task, size: size, count: count), as: task)
    }

    /// The allocations of `kmallocObjects`, a unit an object.
    func kmallocSteps(_ task: SimTask, size: Int, count: Int) -> ActionSteps {
        let kmem = controller.kmem
        return ActionSteps(count: count) { [unowned(unsafe) self] _ throws(MemcgError) in
            task.slabObjects.append(try kmem.kmalloc(size: size, memcg: task.memcg, node: controller.kernel.currentNode))
            allocatedObject(task)
        }
    }
}

extension SimTask {
    /// Slab objects the task holds.
    public var slabObjectCount: Int { slabObjects.count }
}
