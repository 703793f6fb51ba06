public import Memcg

// Slab objects a task allocates and keeps until it exits, as a process
// holds its vm_area_structs, files and pids: the workload side of the
// kmem layer.

extension TaskTable {
    /// The most objects one action may allocate.
    public static let maxSlabObjectsPerAction = 100_000

    /// Allocates `count` objects of the root cache named `cacheName` on the
    /// task's CPU and node, charged to its cgroup if the cache is
    /// accounted. On ENOMEM the objects allocated so far stay with the task.
    public func allocateSlab(_ task: SimTask, cache cacheName: String, count: Int) throws(MemcgError) {
        let kmem = controller.kmem
        guard let cache = kmem.rootCache(named: cacheName) else {
            let names = kmem.rootCaches.map { kmem.allocator.name(of: $0) }
            throw MemcgError(.ENOENT, "no slab cache '\(cacheName)'; caches: \(names.joined(separator: ", "))")
        }
        try onCPU(task) { () throws(MemcgError) in
            for _ in 0..<count {
                task.slabObjects.append(try kmem.allocate(cache, memcg: task.memcg))
            }
        }
    }

    /// kmalloc(`size`, GFP_KERNEL_ACCOUNT) `count` times, kept by the task.
    public func kmallocObjects(_ task: SimTask, size: Int, count: Int) throws(MemcgError) {
        let kmem = controller.kmem
        try onCPU(task) { () throws(MemcgError) in
            for _ in 0..<count {
                task.slabObjects.append(try kmem.kmalloc(size: size, memcg: task.memcg, node: controller.kernel.currentNode))
            }
        }
    }
}

extension SimTask {
    /// Slab objects the task holds.
    public var slabObjectCount: Int { slabObjects.count }
}
