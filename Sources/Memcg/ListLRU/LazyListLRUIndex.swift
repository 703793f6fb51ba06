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

    func key(of memcg: MemCgroup) -> Int32 {
        if case .held(let id) = memcg.idState { return Int32(id) }
        return -1
    }

    /// The first of `memcg`'s records, if its ID is held and has lists.
    @inline(__always)
    private func firstRecord(_ lru: ListLRU, of memcg: MemCgroup) -> UInt32? {
        guard case .held(let id) = memcg.idState else { return nil }
        return lru.state.pointee.map.value(id)
    }

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
        // An online memcg and its ancestors hold their IDs.
        guard memcg.state.isOnline, case .held(let id) = memcg.idState, state.pointee.map.value(id) == nil else { return }
        var missing: [(MemCgroup, Int)] = []
        var m: MemCgroup? = memcg
        while let node = m, !node.isRoot, case .held(let id) = node.idState, state.pointee.map.value(id) == nil {
            missing.append((node, id))
            m = node.parent
        }
        for (node, id) in missing.reversed() { try allocateBlock(lru, for: node, id: id) }
    }

    func hasLists(_ lru: ListLRU, for memcg: MemCgroup) -> Bool { firstRecord(lru, of: memcg) != nil }

    private func allocateBlock(_ lru: ListLRU, for memcg: MemCgroup, id: Int) throws(MemcgError) {
        let registry = lru.registry, state = lru.state, nodes = lru.nodes
        let blockBytes = Self.blockBytes(nodes: nodes)
        guard let block = registry.allocateMetadata(bytes: blockBytes, retry: false) else {
            throw MemcgError(.ENOMEM, "list_lru \(lru.name): allocating the lists of \(memcg.path) failed")
        }
        var chunkHandle = ListLRURecord.noHandle
        if state.pointee.map.needsChunk(id) {
            guard let node = registry.allocateMapNode() else {
                registry.freeMetadata(block, bytes: blockBytes, kind: nil)
                throw MemcgError(.ENOMEM, "list_lru \(lru.name): allocating an xarray node for \(memcg.path) failed")
            }
            chunkHandle = node.rawValue
        }
        let first: Int
        if let reused = state.pointee.freeBlocks.popLast() {
            first = Int(reused)
            for node in 0..<nodes { state.pointee.records[first + node] = ListLRURecord(key: Int32(id), node: node, handle: block.rawValue) }
        } else {
            first = state.pointee.records.count
            for node in 0..<nodes { state.pointee.records.append(ListLRURecord(key: Int32(id), node: node, handle: block.rawValue)) }
        }
        state.pointee.map.insert(id, UInt32(first), chunkHandle: chunkHandle)
        registry.statistics.lists += nodes
        registry.statistics.listBytes += registry.classSize(blockBytes)
        registry.statistics.listAllocations += 1
    }

    /// Splices every node's list into the parent's, then frees the lists.
    func reparent(_ lru: ListLRU, _ memcg: MemCgroup, to parent: MemCgroup) -> Int {
        guard case .held(let id) = memcg.idState, let first = lru.state.pointee.map.value(id) else { return 0 }
        var moved = 0
        for node in 0..<lru.nodes {
            moved += lru.splice(Int(first) + node, into: parent, node: node)
        }
        remove(lru, id: id, first: Int(first), deferred: true)
        return moved
    }

    /// Takes the lists of memcg ID `id` out of the map; the object holding
    /// them is freed after a grace period (`kvfree_rcu`), as a walker may be on it.
    private func remove(_ lru: ListLRU, id: Int, first: Int, deferred: Bool) {
        let registry = lru.registry, state = lru.state, nodes = lru.nodes
        let blockBytes = Self.blockBytes(nodes: nodes)
        let block = SlabObject(rawValue: state.pointee.records[first].handle)
        for node in 0..<nodes {
            state.pointee.records[first + node].key = -2
            state.pointee.records[first + node].handle = ListLRURecord.noHandle
        }
        state.pointee.freeBlocks.append(UInt32(first))
        if let chunk = state.pointee.map.remove(id), chunk != ListLRURecord.noHandle {
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
                if firstRecord(lru, of: a) == nil {
                    broken.append(ModelViolation("list_lru-ancestors", "\(lru.name): memcg ID \(id) has lists but its ancestor \(a.path) has none"))
                    break
                }
                ancestor = a.parent
            }
        }
        return broken
    }
}
