// The object fast paths: take a slot from a node's slabs, give it back.
// No observer calls and no allocation of Swift objects happen here.

extension SlabArena {
    /// What freeing an object did beyond clearing its slot.
    struct FreeOutcome {
        var cache: Int
        var node: Int
        /// The slab became empty and went back to the page allocator.
        var slabFreed: Bool
        /// Kernel bytes of the tag vector freed with the slab.
        var vectorBytes: Int
    }

    /// Takes a free slot from the node's partial slabs, else from an empty
    /// one. Returns nil when the node has no slab with room: the caller
    /// then adds a slab and retries.
    @inline(__always)
    mutating func allocateObject(cache c: Int, node: Int) -> SlabObject? {
        let nl = c &* nodes &+ node
        let perSlab = geometry[c].objectsPerSlab
        var s = nodeLists[nl].partial.head
        var fromEmpty = false
        if s == SlabRecord.none {
            s = nodeLists[nl].empty.head
            if s == SlabRecord.none { return nil }
            fromEmpty = true
        }
        let si = Int(s)
        let base = Int(slabs[si].bitmap)
        var w = Int(slabs[si].hint)
        while words[base &+ w] == ~0 { w &+= 1 }
        let bits = words[base &+ w]
        let bit = (~bits).trailingZeroBitCount
        words[base &+ w] = bits | (1 &<< UInt64(bit))
        slabs[si].hint = UInt8(truncatingIfNeeded: w)
        let inuse = slabs[si].inuse &+ 1
        slabs[si].inuse = inuse
        nodeLists[nl].inuse &+= 1
        objectAllocations &+= 1
        if fromEmpty {
            Self.remove(&nodeLists[nl].empty, s, &slabs)
            if inuse == perSlab {
                slabs[si].list = .full
                Self.pushFront(&nodeLists[nl].full, s, &slabs)
            } else {
                slabs[si].list = .partial
                Self.pushFront(&nodeLists[nl].partial, s, &slabs)
            }
        } else if inuse == perSlab {
            Self.remove(&nodeLists[nl].partial, s, &slabs)
            slabs[si].list = .full
            Self.pushFront(&nodeLists[nl].full, s, &slabs)
        }
        return SlabObject(slab: s, generation: slabs[si].generation, slot: UInt16(truncatingIfNeeded: w &<< 6 | bit))
    }

    /// The slab index of a live object; traps on a handle that does not
    /// name an allocated object (a stale handle or a double free), as
    /// SLUB's debug checks would.
    @inline(__always)
    func checkedSlab(_ object: SlabObject) -> Int {
        let s = Int(object.slabIndex)
        precondition(s < slabs.count && slabs[s].list != .unused && slabs[s].generation == object.generation,
                     "slab object handle \(object) names no live slab (stale handle or use after free)")
        let slot = object.slot
        precondition(words[Int(slabs[s].bitmap) &+ slot &>> 6] & (1 &<< UInt64(slot & 63)) != 0,
                     "slab object \(object) is not allocated (double free?)")
        return s
    }

    /// Clears an object's slot and moves its slab between lists. An empty
    /// slab stays (on the empty list) while the node has fewer than
    /// `min_partial` partial-or-empty slabs, as SLUB keeps it on its
    /// partial list; otherwise it is released.
    @inline(__always)
    mutating func freeObject(_ object: SlabObject) -> FreeOutcome {
        let si = checkedSlab(object)
        let s = UInt32(truncatingIfNeeded: si)
        let slot = object.slot
        let w = slot &>> 6
        words[Int(slabs[si].bitmap) &+ w] &= ~(1 &<< UInt64(slot & 63))
        if w < Int(slabs[si].hint) { slabs[si].hint = UInt8(truncatingIfNeeded: w) }
        let tags = slabs[si].tags
        if tags != 0 { tagPool[Int(tags) &+ slot] = 0 }
        let c = Int(slabs[si].cache)
        let node = Int(slabs[si].node)
        let nl = c &* nodes &+ node
        let inuse = slabs[si].inuse &- 1
        slabs[si].inuse = inuse
        nodeLists[nl].inuse &-= 1
        objectFrees &+= 1
        var outcome = FreeOutcome(cache: c, node: node, slabFreed: false, vectorBytes: 0)
        if inuse != 0 {
            if slabs[si].list == .full {
                Self.remove(&nodeLists[nl].full, s, &slabs)
                slabs[si].list = .partial
                Self.pushBack(&nodeLists[nl].partial, s, &slabs)
            }
            return outcome
        }
        unlink(s)
        let kept = Int(nodeLists[nl].partial.count) + Int(nodeLists[nl].empty.count)
        if kept < Int(geometry[c].minPartial) {
            slabs[si].list = .empty
            Self.pushFront(&nodeLists[nl].empty, s, &slabs)
        } else {
            outcome.slabFreed = true
            outcome.vectorBytes = releaseSlab(s)
        }
        return outcome
    }

    /// Records `tag` for a live object. Returns the kernel bytes of a tag
    /// vector created for its slab by this call, 0 if it already had one.
    mutating func setTag(_ object: SlabObject, _ tag: UInt32) -> Int {
        let si = checkedSlab(object)
        var created = 0
        if slabs[si].tags == 0 {
            let length = geometry[Int(slabs[si].cache)].objectsPerSlab
            if let reused = freeTagVectors[length], reused != 0 {
                freeTagVectors[length] = tagPool[Int(reused)] == 0 ? nil : tagPool[Int(reused)]
                tagPool[Int(reused)] = 0
                slabs[si].tags = reused
            } else {
                precondition(tagPool.count + Int(length) <= Int(UInt32.max), "tag pool exhausted")
                slabs[si].tags = UInt32(tagPool.count)
                tagPool.append(repeating: 0, count: Int(length))
            }
            created = Int(length) * SlabArena.kernelTagBytes
        }
        tagPool[Int(slabs[si].tags) &+ object.slot] = tag
        return created
    }

    /// The owner tag of a live object (0 if none was stored).
    func tag(of object: SlabObject) -> UInt32 {
        let si = checkedSlab(object)
        let tags = slabs[si].tags
        return tags == 0 ? 0 : tagPool[Int(tags) &+ object.slot]
    }
}
