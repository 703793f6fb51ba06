// Object allocation and free through the memcg layer: the kernel's
// slab_pre_alloc_hook / slab_post_alloc_hook / memcg_slab_free_hook and
// memcg_kmem_get_cache, with the slab accounting design's subclass taking
// the accounted ones.

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
        // An accounted allocation needs only the slot's facts (a root
        // cache's state is active for as long as it is installed).
        if slot < slotFacts.count, slotFacts[slot].accountedRoot, slotFacts[slot].id == cache, let memcg, !memcg.isRoot {
            try checkNode(node)
            return try allocateAccounted(cache, slot: slot, memcg: memcg, node: node)
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
            return try allocateAccounted(info.id, slot: info.slot, memcg: memcg, node: node)
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

    func checkNotFreed(_ memcg: MemCgroup) throws(MemcgError) {
        guard memcg.state != .freed else {
            controller.report(ModelViolation("use-after-free", "slab allocation for freed cgroup #\(memcg.serial)"))
            throw MemcgError(.EINVAL, "cgroup #\(memcg.serial) is freed")
        }
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
        if owner.tag != 0 || slotRoles[slot] == Self.roleChild {
            objectFreed(slot: slot, tag: owner.tag, node: owner.node)
        }
    }

    /// The memcg `object` is charged to now: the owner of its child cache,
    /// or its objcg's current memcg (the parent after reparenting); nil
    /// for an unaccounted object or a stale handle.
    package func memcg(of object: SlabObject) -> MemCgroup? {
        guard let owner = allocator.ownership(of: object) else { return nil }
        if owner.tag != 0 { return objcg(tagged: owner.tag)?.memcg }
        return cacheInfo(owner.cache)?.memcg
    }

    /// The objcg an object points to, nil if none.
    package func objcg(of object: SlabObject) -> ObjCgroup? {
        guard let owner = allocator.ownership(of: object), owner.tag != 0 else { return nil }
        return objcg(tagged: owner.tag)
    }
}
