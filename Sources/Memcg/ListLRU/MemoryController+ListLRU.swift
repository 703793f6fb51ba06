extension MemoryController {
    /// The slab allocator of this kernel (the kmem layer's): list_lru
    /// metadata comes from its kmalloc caches, so /proc/slabinfo shows it.
    public var slab: SlabAllocator { kmem.allocator }

    /// Every list_lru of this controller. Created on first use, which
    /// registers its offline step (and, eager, its array growth hook).
    public var listLRUs: ListLRURegistry {
        if let registry = listLRUStorage { return registry }
        let registry = ListLRURegistry(controller: self, shrinkers: shrinkers)
        listLRUStorage = registry
        return registry
    }

    /// The shrinker registry. Created on first use.
    package var shrinkers: ShrinkerRegistry {
        if let registry = shrinkerStorage { return registry }
        let registry = ShrinkerRegistry(controller: self)
        shrinkerStorage = registry
        return registry
    }
}
