/// The eager list_lru design (3.19 to 5.17): per node, an array indexed by
/// kmemcg cache ID with a list allocated for every ID, whether that memcg
/// ever puts an object on this list_lru or not. At offline a memcg's items
/// are drained into its parent's lists (`memcg_drain_all_list_lrus`) and
/// the emptied lists stay for the next memcg that gets the cache ID.
struct EagerListLRUIndex: ListLRUIndexing {
    var keyName: String { "cache ID" }
    var allocatesListsUpFront: Bool { true }
    var freesListsAtOffline: Bool { false }

    /// `struct list_lru_memcg` of that era: an rcu_head, then one pointer
    /// per cache ID.
    static func arrayBytes(size: Int) -> Int { 16 + 8 * size }

    func key(of memcg: MemCgroup) -> Int32 { memcg.cacheID.map { Int32($0) } ?? -1 }

    /// The record of cache ID `key` on `node`, created on first use (the
    /// list itself exists since the array was sized).
    @inline(__always)
    func record(_ lru: ListLRU, node: Int, key id: Int, materialize: Bool) -> Int? {
        let state = lru.state
        let slot = state.pointee.slots[node][id]
        if slot & ListLRUTables.materialized != 0 { return Int(slot & 0xFFFF_FFFF) }
        guard materialize else { return -1 }
        let r = lru.newRecord(key: Int32(id), node: node, handle: slot)
        state.pointee.slots[node][id] = ListLRUTables.materialized | UInt64(r)
        return r
    }

    /// `memcg_init_list_lru()`: arrays of the current size, a list in every slot.
    func allocateLists(_ lru: ListLRU, size: Int) throws(MemcgError) {
        let registry = lru.registry
        for node in 0..<lru.nodes {
            guard let array = registry.allocateMetadata(bytes: Self.arrayBytes(size: size), retry: false) else {
                release(lru)
                throw MemcgError(.ENOMEM, "list_lru \(lru.name): allocating the per-memcg array for node \(node) failed")
            }
            lru.state.pointee.arrays[node] = array.rawValue
            registry.statistics.arrayBytes += registry.classSize(Self.arrayBytes(size: size))
            if !allocateLists(lru, node: node, upTo: size, retry: false) {
                release(lru)
                throw MemcgError(.ENOMEM, "list_lru \(lru.name): allocating per-memcg lists for node \(node) failed")
            }
        }
    }

    /// `memcg_update_list_lru()`: a new array of `size` slots replaces the
    /// old one (freed after a grace period, as readers may still use it)
    /// and the new slots get their lists. The hook that calls this cannot
    /// fail, so allocations are retried (a small GFP_KERNEL kmalloc does
    /// not fail in practice).
    func grow(_ lru: ListLRU, to size: Int) {
        let registry = lru.registry, state = lru.state
        for node in 0..<lru.nodes where size > state.pointee.slots[node].count {
            let old = state.pointee.slots[node].count
            if let array = registry.allocateMetadata(bytes: Self.arrayBytes(size: size), retry: true) {
                let previous = state.pointee.arrays[node]
                state.pointee.arrays[node] = array.rawValue
                registry.statistics.arrayBytes += registry.classSize(Self.arrayBytes(size: size))
                if previous != ListLRURecord.noHandle {
                    registry.freeMetadataAfterGracePeriod(SlabObject(rawValue: previous),
                                                         bytes: Self.arrayBytes(size: old), kind: \.arrayBytes)
                }
            }
            _ = allocateLists(lru, node: node, upTo: size, retry: true)
        }
    }

    /// Appends lists to `node`'s slots until there are `size`. Returns
    /// false if an allocation failed and `retry` was off.
    private func allocateLists(_ lru: ListLRU, node: Int, upTo size: Int, retry: Bool) -> Bool {
        let registry = lru.registry, state = lru.state
        let slab = registry.slab
        let cache = registry.eagerListCache
        let start = state.pointee.slots[node].count
        guard size > start else { return true }
        state.pointee.slots[node].reserve(size)
        let allocNode = registry.controller.kernel.currentNode
        var allocated = 0
        defer {
            registry.statistics.lists += allocated
            registry.statistics.listBytes += allocated * registry.eagerListClassSize
        }
        for _ in start..<size {
            if let list = slab.allocate(cache, node: allocNode) {
                state.pointee.slots[node].append(list.rawValue)
            } else if retry, let list = registry.allocateMetadata(bytes: ListLRURegistry.eagerListBytes, retry: true) {
                state.pointee.slots[node].append(list.rawValue)
            } else if retry {
                // Given up after the retries (a violation was reported): the
                // slot gets a record with no object so that lookups still work.
                state.pointee.slots[node].append(0)
                let r = lru.newRecord(key: Int32(state.pointee.slots[node].count - 1), node: node, handle: ListLRURecord.noHandle)
                state.pointee.slots[node][state.pointee.slots[node].count - 1] = ListLRUTables.materialized | UInt64(r)
                continue
            } else {
                return false
            }
            allocated += 1
        }
        return true
    }

    /// Nothing to do: every cache ID has its lists already.
    func prepareLists(_ lru: ListLRU, for memcg: MemCgroup) throws(MemcgError) {}

    func hasLists(_ lru: ListLRU, for memcg: MemCgroup) -> Bool { memcg.cacheID != nil }

    /// `memcg_drain_list_lru()`: the lists stay, emptied, for the next
    /// memcg that gets the cache ID.
    func reparent(_ lru: ListLRU, _ memcg: MemCgroup, to parent: MemCgroup) -> Int {
        guard let id = memcg.cacheID else { return 0 }
        let state = lru.state
        var moved = 0
        for node in 0..<lru.nodes where id < state.pointee.slots[node].count {
            let slot = state.pointee.slots[node][id]
            guard slot & ListLRUTables.materialized != 0 else { continue }
            moved += lru.splice(Int(slot & 0xFFFF_FFFF), into: parent, node: node)
        }
        return moved
    }

    /// Frees every list and array (`memcg_destroy_list_lru()`), also after
    /// a failed init.
    func release(_ lru: ListLRU) {
        let registry = lru.registry, state = lru.state
        let slab = registry.slab
        for node in 0..<lru.nodes {
            var freed = 0
            for id in 0..<state.pointee.slots[node].count {
                let slot = state.pointee.slots[node][id]
                let handle = slot & ListLRUTables.materialized != 0
                    ? state.pointee.records[Int(slot & 0xFFFF_FFFF)].handle : slot
                if handle != ListLRURecord.noHandle {
                    slab.free(SlabObject(rawValue: handle))
                    freed += 1
                }
            }
            registry.statistics.lists -= freed
            registry.statistics.listBytes -= freed * registry.eagerListClassSize
            if state.pointee.arrays[node] != ListLRURecord.noHandle {
                registry.freeMetadata(SlabObject(rawValue: state.pointee.arrays[node]),
                                      bytes: Self.arrayBytes(size: state.pointee.slots[node].count), kind: \.arrayBytes)
                state.pointee.arrays[node] = ListLRURecord.noHandle
            }
            state.pointee.slots[node] = UnsafeGrowableBuffer(capacity: 1)
        }
    }

    func memcgRecords(_ lru: ListLRU, node: Int) -> [Int] {
        let state = lru.state
        var result: [Int] = []
        for id in 0..<state.pointee.slots[node].count {
            let slot = state.pointee.slots[node][id]
            if slot & ListLRUTables.materialized != 0 { result.append(Int(slot & 0xFFFF_FFFF)) }
        }
        return result
    }

    /// One list per slot per node.
    func allocatedLists(_ lru: ListLRU) -> Int {
        let state = lru.state
        return (0..<state.pointee.slots.count).reduce(0) { $0 + state.pointee.slots[$1].count }
    }

    func mappedMemcgIDs(_ lru: ListLRU) -> [Int] { [] }

    func checkInvariants(_ lru: ListLRU, owners: [Int: MemCgroup]) -> [ModelViolation] { [] }
}
