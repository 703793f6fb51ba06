// Object allocation and free through the memcg layer: the kernel's
// slab_pre_alloc_hook / slab_post_alloc_hook / memcg_slab_free_hook and
// memcg_kmem_get_cache, with the design knob choosing the hooks.

extension KmemAccounting {
    /// Allocates one object of `cache` on `node` for `memcg`
    /// (`kmem_cache_alloc_node()` by a task in `memcg`).
    ///
    /// The allocation is accounted when the cache has SLAB_ACCOUNT and the
    /// memcg is not the root: under per-memcg caches it comes from the
    /// memcg's child cache (or, while that is being created, from the root
    /// cache, unaccounted); under objcg it is charged in bytes. A memcg that
    /// is no longer online charges its nearest online ancestor, as the
    /// kernel's lookups do. Throws ENOMEM when the charge or the page
    /// allocator fails, EINVAL for an unknown cache or node.
    @inline(__always)
    public func allocate(_ cache: SlabCacheID, memcg: MemCgroup?, node: Int) throws(MemcgError) -> SlabObject {
        let slot = Int(cache.index)
        // Under objcg an accounted allocation needs only the slot's facts
        // (a root cache's state is active for as long as it is installed).
        if accounting == .objcg, slot < slotFacts.count, slotFacts[slot].accountedRoot, slotFacts[slot].id == cache,
           let memcg, !memcg.isRoot {
            try checkNode(node)
            return try allocateWithObjcg(cache, slot: slot, memcg: memcg, node: node)
        }
        guard slot < caches.count, let info = caches[slot], info.id == cache, info.state == .active else {
            throw MemcgError(.EINVAL, "no live slab cache \(cache) to allocate from")
        }
        return try allocate(info, memcg: memcg, node: node, accounted: info.isAccounted)
    }

    /// `allocate` on the NUMA node of the kernel's current CPU.
    @inline(__always)
    package func allocate(_ cache: SlabCacheID, memcg: MemCgroup?) throws(MemcgError) -> SlabObject {
        try allocate(cache, memcg: memcg, node: kernel.currentNode)
    }

    /// `kmalloc_node(size, GFP_KERNEL_ACCOUNT)` for `memcg` (unaccounted
    /// when `memcg` is nil or the root), from kmalloc-cg-N when the design
    /// has those (`KmallocAccounted.separateCaches`), else from the shared
    /// kmalloc-N. Up to two pages: larger requests are refused with EINVAL
    /// (accounted kmalloc_large is not modelled).
    package func kmalloc(size: Int, memcg: MemCgroup?, node: Int) throws(MemcgError) -> SlabObject {
        guard size > 0, let id = allocator.accountedKmallocCache(forSize: size), let info = cacheInfo(id) else {
            throw MemcgError(.EINVAL, "kmalloc of \(size) bytes: sizes 1...\(2 * PageSize.bytes) are modelled")
        }
        return try allocate(info, memcg: memcg, node: node, accounted: true)
    }

    @inline(__always)
    func allocate(_ info: KmemCache, memcg: MemCgroup?, node: Int, accounted: Bool) throws(MemcgError) -> SlabObject {
        try checkNode(node)
        if accounted, info.isRoot, let memcg, !memcg.isRoot {
            if accounting == .objcg { return try allocateWithObjcg(info.id, slot: info.slot, memcg: memcg, node: node) }
            return try allocateFromChildCache(info, memcg: memcg, node: node)
        }
        return try allocateUnaccounted(info.id, node: node)
    }

    @inline(__always)
    func checkNode(_ node: Int) throws(MemcgError) {
        guard node >= 0 && node < kernel.nodes else {
            throw MemcgError(.EINVAL, "node \(node) does not exist (nodes 0-\(kernel.nodes - 1))")
        }
    }

    @inline(__always)
    func allocateUnaccounted(_ id: SlabCacheID, node: Int) throws(MemcgError) -> SlabObject {
        guard let object = allocator.allocate(id, node: node) else {
            throw MemcgError(.ENOMEM, "the page allocator refused a new slab (injected)")
        }
        return object
    }

    /// memcg_kmem_get_cache: the child cache for the memcg's cache ID, or
    /// the root cache while the child is being created.
    @inline(__always)
    func allocateFromChildCache(_ root: KmemCache, memcg: MemCgroup, node: Int) throws(MemcgError) -> SlabObject {
        let index: Int
        let owner: MemCgroup
        if let state = memcg.kmemState, state.cacheIndex >= 0 {
            // The memcg's own cache ID, valid until its offline step.
            index = state.cacheIndex
            owner = memcg
        } else {
            try checkNotFreed(memcg)
            guard let online = Self.nearestOnlineCacheOwner(memcg), let id = online.cacheID else {
                return try allocateUnaccounted(root.id, node: node)
            }
            kmemState(online).cacheIndex = id
            index = id
            owner = online
        }
        if index < root.children.count, let child = root.children[index] {
            pendingChargeError = nil
            guard let object = allocator.allocate(child.id, node: node) else {
                let error = pendingChargeError ?? MemcgError(.ENOMEM, "the page allocator refused a new slab (injected)")
                pendingChargeError = nil
                throw error
            }
            return object
        }
        scheduleChildCacheCreation(root, for: owner)
        statistics.fallbackAllocations += 1
        return try allocateUnaccounted(root.id, node: node)
    }

    func checkNotFreed(_ memcg: MemCgroup) throws(MemcgError) {
        guard memcg.state != .freed else {
            controller.report(ModelViolation("use-after-free", "slab allocation for freed cgroup #\(memcg.serial)"))
            throw MemcgError(.EINVAL, "cgroup #\(memcg.serial) is freed")
        }
    }

    /// The memcg itself if online with a cache ID, else its nearest such
    /// ancestor; nil when that is the root (unaccounted).
    static func nearestOnlineCacheOwner(_ memcg: MemCgroup) -> MemCgroup? {
        var node = memcg
        while node.state != .online || node.cacheID == nil {
            guard let parent = node.parent else { return nil }
            node = parent
        }
        return node.isRoot ? nil : node
    }

    /// Frees an object (`kmem_cache_free()` / `kfree()`), uncharging it.
    /// Freeing a handle that names no allocated object is reported as a
    /// model violation and otherwise ignored.
    @inline(__always)
    public func free(_ object: SlabObject) {
        guard let owner = allocator.ownership(of: object) else {
            controller.report(ModelViolation("use-after-free", "free of \(object), which is not an allocated slab object (double free or stale handle)"))
            return
        }
        allocator.free(object)
        let slot = Int(owner.cache.index)
        if owner.tag != 0 {
            uncharge(objectOf: slot, tag: owner.tag, node: owner.node, cpu: kernel.currentCPU)
        } else if slotRoles[slot] == Self.roleChild, let cache = caches[slot], cache.state == .dying,
                  allocator.activeObjects(of: cache.id) == 0 {
            // The last object of a dying cache: it goes now (4.11), or
            // stops pinning its memcg (up to 4.10).
            childTeardown.dyingCacheEmptied(cache, in: self)
        }
    }

    /// The memcg `object` is charged to now: the owner of its child cache,
    /// or its objcg's current memcg (the parent after reparenting); nil
    /// for an unaccounted object or a stale handle.
    package func memcg(of object: SlabObject) -> MemCgroup? {
        guard let owner = allocator.ownership(of: object) else { return nil }
        if owner.tag != 0 { return Int(owner.tag) < objcgs.count ? objcgs[Int(owner.tag)]?.memcg : nil }
        return cacheInfo(owner.cache)?.memcg
    }

    /// The objcg an object points to, nil if none.
    package func objcg(of object: SlabObject) -> ObjCgroup? {
        guard let owner = allocator.ownership(of: object), owner.tag != 0, Int(owner.tag) < objcgs.count else { return nil }
        return objcgs[Int(owner.tag)]
    }
}
