// memcg_kmem_get_cache: which cache an accounted allocation under
// per-memcg caches comes from, and what the free of the last object of a
// dying cache sets off.

extension PerMemcgCacheAccounting {
    /// The memcg's child cache of `root` for its cache ID, or the root
    /// cache while the child is being created.
    @inline(__always)
    func allocate(from root: KmemCache, memcg: MemCgroup, node: Int) throws(MemcgError) -> SlabObject {
        let index: Int
        let owner: MemCgroup
        if let own = memcg.kmemState?.cacheIndex {
            // The memcg's own cache ID, valid until its offline step.
            index = own
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

    /// The memcg itself if online with a cache ID, else its nearest such
    /// ancestor; nil when that is the root (unaccounted).
    static func nearestOnlineCacheOwner(_ memcg: MemCgroup) -> MemCgroup? {
        var node = memcg
        while !node.state.isOnline || node.cacheID == nil {
            guard let parent = node.parent else { return nil }
            node = parent
        }
        return node.isRoot ? nil : node
    }

    /// An object of the child cache in `slot` was freed: if that was the
    /// last object of a dying child cache, it goes now (4.11), or the
    /// cache stops pinning its memcg (up to 4.10).
    @inline(__always)
    func objectFreed(fromSlot slot: Int) {
        if let cache = caches[slot], cache.state == .dying,
           allocator.activeObjects(of: cache.id) == 0 {
            childTeardown.dyingCacheEmptied(cache, in: self)
        }
    }
}
