// What the memcg layer needs from the allocator to tear a per-memcg cache
// down and to check object ownership: counts, the dying cache's
// min_partial, and a walk over the owner tags of live objects.

extension SlabAllocator {
    /// Allocated objects of the cache on every node.
    package func activeObjects(of id: SlabCacheID) -> Int {
        activeObjects(cacheIndex: checkedIndex(id))
    }

    /// Slabs the cache holds on every node (full, partial and empty).
    func slabCount(of id: SlabCacheID) -> Int {
        let c = checkedIndex(id)
        var total = 0
        for node in 0..<arena.nodes { total += arena.nodeLists[c * arena.nodes + node].slabs }
        return total
    }

    /// Stops the cache from keeping empty slabs: each slab that becomes
    /// empty goes back to the page allocator at once. SLUB does this to a
    /// deactivated memcg cache (`min_partial = 0`), so that a dying cache
    /// holds no page it does not need. The empty slabs it keeps now are
    /// released (the observer sees them); returns how many.
    @discardableResult
    func releaseEmptySlabsEagerly(_ id: SlabCacheID) -> Int {
        let c = checkedIndex(id)
        arena.geometry[c].minPartial = 0
        return shrink(cacheIndex: c)
    }

    /// Calls `body` with the owner tag of every allocated object that has
    /// one (nonzero), cache by cache. Linear in the slabs with tag vectors;
    /// for invariant checks only.
    func forEachObjectTag(_ body: (_ cache: SlabCacheID, _ tag: UInt32) -> Void) {
        for s in 0..<arena.slabs.count {
            let slab = arena.slabs[s]
            guard slab.list != .unused, slab.tags != 0 else { continue }
            let c = Int(slab.cache)
            let perSlab = Int(arena.geometry[c].objectsPerSlab)
            let id = arena.id(ofIndex: c)
            for slot in 0..<perSlab {
                let allocated = arena.words[Int(slab.bitmap) + slot >> 6] & (1 << UInt64(slot & 63)) != 0
                let tag = arena.tagPool[Int(slab.tags) + slot]
                if allocated && tag != 0 { body(id, tag) }
            }
        }
    }
}

extension SlabAllocator {
    /// The cache, node and tag of an allocated object in one lookup, or nil
    /// if the handle names no allocated object (stale or freed).
    @inline(__always)
    func ownership(of object: SlabObject) -> SlabObjectOwnership? {
        let s = Int(object.slabIndex)
        guard s < arena.slabs.count else { return nil }
        let slab = arena.slabs[s]
        guard slab.list != .unused, slab.generation == object.generation else { return nil }
        let slot = object.slot
        let c = Int(slab.cache)
        guard slot < Int(arena.geometry[c].objectsPerSlab),
              arena.words[Int(slab.bitmap) &+ slot &>> 6] & (1 &<< UInt64(slot & 63)) != 0 else { return nil }
        let tag = slab.tags == 0 ? 0 : arena.tagPool[Int(slab.tags) &+ slot]
        return SlabObjectOwnership(cache: arena.id(ofIndex: c), node: Int(slab.node), tag: tag)
    }
}
