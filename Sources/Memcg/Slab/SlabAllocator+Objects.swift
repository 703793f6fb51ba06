package import KernelSim

// Object allocation and free: kmem_cache_alloc_node() / kmem_cache_free().

extension SlabAllocator {
    /// Allocates one object of `cache` on `node` (`kmem_cache_alloc_node()`).
    /// A nonzero `objectTag` is stored with the object (the objcg of a
    /// shared, accounted cache); the slab's tag vector is created on its
    /// first tagged object and reported to the observer. Returns nil when
    /// a new slab was needed and the page allocator refused
    /// (fault point "slab.page_alloc"); nothing changes then.
    @inline(__always)
    public func allocate(_ cache: SlabCacheID, node: Int, objectTag: UInt32 = 0) -> SlabObject? {
        guard let c = arena.index(of: cache) else { preconditionFailure("no live slab cache \(cache)") }
        precondition(node >= 0 && node < arena.nodes, "node \(node) out of range")
        guard let object = arena.allocateObject(cache: c, node: node) ?? allocateSlow(cacheIndex: c, node: node) else {
            return nil
        }
        if objectTag != 0 {
            let vectorBytes = arena.setTag(object, objectTag)
            if vectorBytes > 0 {
                observer?.slabTagVectorAllocated(cache: cache, node: node, bytes: vectorBytes)
            }
        }
        return object
    }

    /// Allocates on the NUMA node of the kernel's current CPU, as an
    /// allocation without an explicit node does.
    @inline(__always)
    public func allocate(_ cache: SlabCacheID, objectTag: UInt32 = 0) -> SlabObject? {
        allocate(cache, node: kernel.currentNode, objectTag: objectTag)
    }

    /// Adds a slab to the node (`new_slab()`), tells the observer, and
    /// takes the object from it.
    func allocateSlow(cacheIndex c: Int, node: Int) -> SlabObject? {
        if kernel.shouldFail(Self.pageAllocFaultPoint.name) { return nil }
        if let observer {
            let record = arena.caches[c]
            guard observer.slabPagesWillAllocate(cache: arena.id(ofIndex: c), node: node, pages: record.layout.pagesPerSlab,
                                                 owner: record.owner, reclaimable: record.flags.contains(.reclaimAccount)) else {
                return nil
            }
        }
        _ = arena.addSlab(cache: c, node: node)
        let object = arena.allocateObject(cache: c, node: node)
        if let observer {
            let record = arena.caches[c]
            observer.slabPagesAllocated(cache: arena.id(ofIndex: c), node: node, pages: record.layout.pagesPerSlab,
                                        owner: record.owner, reclaimable: record.flags.contains(.reclaimAccount))
        }
        return object
    }

    /// Frees an object (`kmem_cache_free()` / `kfree()`). Traps on a handle
    /// that names no allocated object.
    @inline(__always)
    public func free(_ object: SlabObject) {
        let outcome = arena.freeObject(object)
        if outcome.slabFreed {
            notifyFreed(cacheIndex: outcome.cache, node: outcome.node, vectorBytes: outcome.vectorBytes)
        }
    }

    /// The cache an object belongs to (`virt_to_cache()`).
    public func cache(of object: SlabObject) -> SlabCacheID {
        arena.id(ofIndex: Int(arena.slabs[arena.checkedSlab(object)].cache))
    }

    /// The owner tag of the object's cache.
    package func owner(of object: SlabObject) -> UInt32 {
        arena.caches[Int(arena.slabs[arena.checkedSlab(object)].cache)].owner
    }

    /// The NUMA node of the object's slab.
    public func node(of object: SlabObject) -> Int {
        Int(arena.slabs[arena.checkedSlab(object)].node)
    }

    /// The object's own owner tag (0 if none was stored).
    package func tag(of object: SlabObject) -> UInt32 { arena.tag(of: object) }

    /// Whether the object's slab has a tag vector.
    func hasTagVector(_ object: SlabObject) -> Bool {
        arena.slabs[arena.checkedSlab(object)].tags != 0
    }

    /// Whether `object` currently names an allocated object.
    func isAllocated(_ object: SlabObject) -> Bool {
        let s = Int(object.slabIndex)
        guard s < arena.slabs.count, arena.slabs[s].list != .unused,
              arena.slabs[s].generation == object.generation else { return false }
        let slot = object.slot
        guard slot < Int(arena.geometry[Int(arena.slabs[s].cache)].objectsPerSlab) else { return false }
        return arena.words[Int(arena.slabs[s].bitmap) + slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// Object allocations plus frees since creation: multiply by
    /// `kernel.costs.slabObject` for their virtual time.
    var objectOperations: UInt64 { arena.objectAllocations &+ arena.objectFrees }

    /// Virtual time of `count` object operations under the cost model.
    package func cost(ofObjectOperations count: UInt64) -> VirtualDuration {
        kernel.costs.slabObject * count
    }

    /// Slabs taken from and given back to the page allocator since creation.
    var slabsAllocated: UInt64 { arena.slabAllocations }
}
