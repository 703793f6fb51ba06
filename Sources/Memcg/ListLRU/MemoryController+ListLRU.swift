extension MemoryController {
    /// The slab allocator that list_lru metadata (and, until the kmem
    /// accounting layer is merged, the VFS's objects) come from, with the
    /// kmalloc caches. Created on first use.
    /// INTEGRATION: reconcile with the kmem accounting layer's allocator.
    public var slab: SlabAllocator {
        if let slab = slabStorage { return slab }
        let slab = SlabAllocator(kernel: kernel)
        slabStorage = slab
        return slab
    }

    /// Every list_lru of this controller. Created on first use, which
    /// registers its offline step (and, eager, its array growth hook).
    public var listLRUs: ListLRURegistry {
        if let registry = listLRUStorage { return registry }
        let registry = ListLRURegistry(controller: self, shrinkers: shrinkers)
        listLRUStorage = registry
        return registry
    }

    /// The shrinker registry. Created on first use.
    public var shrinkers: ShrinkerRegistry {
        if let registry = shrinkerStorage { return registry }
        let registry = ShrinkerRegistry(controller: self)
        shrinkerStorage = registry
        return registry
    }
}
