/// The lazy list_lru design (5.18 and later): a memcg's lists are
/// allocated when it allocates an object that will go on this list_lru,
/// found by memcg ID in a sparse map, spliced into the parent's and freed
/// when the memcg goes offline (`memcg_reparent_list_lrus`).
struct LazyListLRUIndex: ListLRUIndexing {
    var keyName: String { "memcg ID" }
    var allocatesListsUpFront: Bool { false }
    var freesListsAtOffline: Bool { true }

    /// `struct list_lru_memcg` since 5.18: an rcu_head, then one
    /// `list_lru_one` (list head and count, 24 bytes) per node.
    static func blockBytes(nodes: Int) -> Int { 16 + 24 * nodes }

    func key(of memcg: MemCgroup) -> Int32 { memcg.id == 0 ? -1 : Int32(memcg.id) }

    @inline(__always)
    func record(_ lru: ListLRU, node: Int, key: Int, materialize: Bool) -> Int? {
        if let first = lru.state.pointee.map.value(key) { return Int(first) + node }
        return nil
    }

    /// Nothing up front: lists come with the first object.
    func allocateLists(_ lru: ListLRU, size: Int) throws(MemcgError) {}

    func grow(_ lru: ListLRU, to size: Int) {}

    /// `memcg_list_lru_alloc()`, the part of `kmem_cache_alloc_lru()` that
    /// runs before the object is allocated: makes sure `memcg` and every
    /// ancestor have their lists on this list_lru, ancestors first, so
    /// that reparenting always finds a parent list. Never called from the
    /// add path. A dying memcg gets no new lists (its objects go on the
    /// nearest ancestor's).
    func prepareLists(_ lru: ListLRU, for memcg: MemCgroup) throws(MemcgError) {
        let state = lru.state
        guard memcg.state == .online, state.pointee.map.value(memcg.id) == nil else { return }
        var missing: [MemCgroup] = []
        var m: MemCgroup? = memcg
        while let node = m, !node.isRoot, state.pointee.map.value(node.id) == nil {
            missing.append(node)
            m = node.parent
        }
        for node in missing.reversed() { try allocateBlock(lru, for: node) }
    }

    func hasLists(_ lru: ListLRU, for memcg: MemCgroup) -> Bool { lru.state.pointee.map.value(memcg.id) != nil }

    private func allocateBlock(_ lru: ListLRU, for memcg: MemCgroup) throws(MemcgError) {
        let registry = lru.registry, state = lru.state, nodes = lru.nodes
        let blockBytes = Self.blockBytes(nodes: nodes)
        guard let block = registry.allocateMetadata(bytes: blockBytes, retry: false) else {
            throw MemcgError(.ENOMEM, "list_lru \(lru.name): allocating the lists of \(memcg.path) failed")
        }
        var chunkHandle = ListLRURecord.noHandle
        if state.pointee.map.needsChunk(memcg.id) {
            guard let node = registry.allocateMapNode() else {
                registry.freeMetadata(block, bytes: blockBytes, kind: nil)
                throw MemcgError(.ENOMEM, "list_lru \(lru.name): allocating an xarray node for \(memcg.path) failed")
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
        registry.statistics.listBytes += registry.classSize(blockBytes)
        registry.statistics.listAllocations += 1
    }

    /// Splices every node's list into the parent's, then frees the lists.
    func reparent(_ lru: ListLRU, _ memcg: MemCgroup, to parent: MemCgroup) -> Int {
        guard let first = lru.state.pointee.map.value(memcg.id) else { return 0 }
        var moved = 0
        for node in 0..<lru.nodes {
            moved += lru.splice(Int(first) + node, into: parent, node: node)
        }
        remove(lru, memcg, first: Int(first), deferred: true)
        return moved
    }

    /// Takes `memcg`'s lists out of the map; the object holding them is
    /// freed after a grace period (`kvfree_rcu`), as a walker may be on it.
    private func remove(_ lru: ListLRU, _ memcg: MemCgroup, first: Int, deferred: Bool) {
        let registry = lru.registry, state = lru.state, nodes = lru.nodes
        let blockBytes = Self.blockBytes(nodes: nodes)
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
            registry.freeMetadataAfterGracePeriod(block, bytes: blockBytes, kind: \.listBytes)
        } else {
            registry.freeMetadata(block, bytes: blockBytes, kind: \.listBytes)
        }
    }

    /// Frees every memcg's lists (`memcg_destroy_list_lru()`).
    func release(_ lru: ListLRU) {
        let registry = lru.registry, state = lru.state, nodes = lru.nodes
        for (id, first) in state.pointee.map.pairs {
            let block = SlabObject(rawValue: state.pointee.records[Int(first)].handle)
            registry.freeMetadata(block, bytes: Self.blockBytes(nodes: nodes), kind: \.listBytes)
            registry.statistics.lists -= nodes
            if let chunk = state.pointee.map.remove(id), chunk != ListLRURecord.noHandle {
                registry.freeMapNode(SlabObject(rawValue: chunk), deferred: false)
            }
        }
    }

    func memcgRecords(_ lru: ListLRU, node: Int) -> [Int] {
        lru.state.pointee.map.pairs.map { Int($0.value) + node }
    }

    /// Per memcg with lists, one per node.
    func allocatedLists(_ lru: ListLRU) -> Int { lru.state.pointee.map.count * lru.nodes }

    func mappedMemcgIDs(_ lru: ListLRU) -> [Int] { lru.state.pointee.map.pairs.map(\.id) }

    /// list_lru-ancestors: a memcg with lists has ancestors with lists.
    func checkInvariants(_ lru: ListLRU, owners: [Int: MemCgroup]) -> [ModelViolation] {
        let state = lru.state
        var broken: [ModelViolation] = []
        for (id, _) in state.pointee.map.pairs {
            var ancestor = owners[id]?.parent
            while let a = ancestor, !a.isRoot {
                if state.pointee.map.value(a.id) == nil {
                    broken.append(ModelViolation("list_lru-ancestors", "\(lru.name): memcg ID \(id) has lists but its ancestor \(a.path) has none"))
                    break
                }
                ancestor = a.parent
            }
        }
        return broken
    }
}
