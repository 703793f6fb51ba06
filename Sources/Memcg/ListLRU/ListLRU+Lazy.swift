// The lazy design (5.18 and later): a memcg's lists are allocated when it
// allocates an object that will go on this list_lru, found by memcg ID in
// a sparse map, and freed when the memcg goes offline.

extension ListLRU {
    /// `struct list_lru_memcg` since 5.18: an rcu_head, then one
    /// `list_lru_one` (list head and count, 24 bytes) per node.
    var lazyBlockBytes: Int { 16 + 24 * nodes }

    /// `memcg_list_lru_alloc()`, the part of `kmem_cache_alloc_lru()` that
    /// runs before the object is allocated: makes sure `memcg` and every
    /// ancestor have their lists on this list_lru, ancestors first, so
    /// that reparenting always finds a parent list. Never called from the
    /// add path. A dying memcg gets no new lists (its objects go on the
    /// nearest ancestor's). Does nothing under eager, for the root, or for
    /// a list_lru that is not memcg-aware. Throws ENOMEM if an allocation fails.
    public func prepareLists(for memcg: MemCgroup?) throws(MemcgError) {
        guard design == .lazy, isMemcgAware, !isDestroyed, let memcg, !memcg.isRoot,
              memcg.state == .online, state.pointee.map.value(memcg.id) == nil else { return }
        var missing: [MemCgroup] = []
        var m: MemCgroup? = memcg
        while let node = m, !node.isRoot, state.pointee.map.value(node.id) == nil {
            missing.append(node)
            m = node.parent
        }
        for node in missing.reversed() { try allocateBlock(for: node) }
    }

    /// Whether `memcg` has lists of its own on this list_lru (lazy), or a
    /// cache ID slot (eager).
    public func hasLists(for memcg: MemCgroup) -> Bool {
        guard isMemcgAware, !isDestroyed, !memcg.isRoot, !memcg.listLRUsReparented else { return false }
        switch design {
        case .eager: return memcg.cacheID != nil
        case .lazy: return state.pointee.map.value(memcg.id) != nil
        }
    }

    private func allocateBlock(for memcg: MemCgroup) throws(MemcgError) {
        guard let block = registry.allocateMetadata(bytes: lazyBlockBytes, retry: false) else {
            throw MemcgError(.ENOMEM, "list_lru \(name): allocating the lists of \(memcg.path) failed")
        }
        var chunkHandle = ListLRURecord.noHandle
        if state.pointee.map.needsChunk(memcg.id) {
            guard let node = registry.allocateMapNode() else {
                registry.freeMetadata(block, bytes: lazyBlockBytes, kind: nil)
                throw MemcgError(.ENOMEM, "list_lru \(name): allocating an xarray node for \(memcg.path) failed")
            }
            chunkHandle = node.rawValue
        }
        let first: Int
        if let reused = state.pointee.freeBlocks.popLast() {
            first = Int(reused)
            for node in 0..<nodes { state.pointee.records[first + node] = ListLRURecord(key: Int32(memcg.id), node: node, handle: block.rawValue) }
        } else {
            first = state.pointee.records.count
            for node in 0..<nodes { state.pointee.records.append(ListLRURecord(key: Int32(memcg.id), node: node, handle: block.rawValue)) }
        }
        state.pointee.map.insert(memcg.id, UInt32(first), chunkHandle: chunkHandle)
        registry.statistics.lists += nodes
        registry.statistics.listBytes += registry.classSize(lazyBlockBytes)
        registry.statistics.listAllocations += 1
    }

    /// Takes `memcg`'s lists out of the map; the object holding them is
    /// freed after a grace period (`kvfree_rcu`), as a walker may be on it.
    func lazyRemove(_ memcg: MemCgroup, first: Int, deferred: Bool) {
        let block = SlabObject(rawValue: state.pointee.records[first].handle)
        for node in 0..<nodes {
            state.pointee.records[first + node].key = -2
            state.pointee.records[first + node].handle = ListLRURecord.noHandle
        }
        state.pointee.freeBlocks.append(UInt32(first))
        if let chunk = state.pointee.map.remove(memcg.id), chunk != ListLRURecord.noHandle {
            registry.freeMapNode(SlabObject(rawValue: chunk), deferred: deferred)
        }
        registry.statistics.lists -= nodes
        if deferred {
            registry.freeMetadataAfterGracePeriod(block, bytes: lazyBlockBytes, kind: \.listBytes)
        } else {
            registry.freeMetadata(block, bytes: lazyBlockBytes, kind: \.listBytes)
        }
    }

    /// Frees every memcg's lists (`memcg_destroy_list_lru()`).
    func lazyRelease() {
        for (id, first) in state.pointee.map.pairs {
            let block = SlabObject(rawValue: state.pointee.records[Int(first)].handle)
            registry.freeMetadata(block, bytes: lazyBlockBytes, kind: \.listBytes)
            registry.statistics.lists -= nodes
            if let chunk = state.pointee.map.remove(id), chunk != ListLRURecord.noHandle {
                registry.freeMapNode(SlabObject(rawValue: chunk), deferred: false)
            }
        }
    }
}
