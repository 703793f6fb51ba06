/// Receives every slab page allocation and free: the model of the hooks in
/// `allocate_slab()` / `__free_slab()` where the kernel updates
/// NR_SLAB_RECLAIMABLE / NR_SLAB_UNRECLAIMABLE and (for a per-memcg cache)
/// charges or uncharges the pages with `memcg_charge_slab()`.
///
/// The allocator knows nothing of cgroups: it reports the cache's `owner`
/// tag (0 for root caches) and leaves charging and statistics to the memcg
/// layer. Callbacks run after the allocator's state is consistent, so an
/// observer may itself allocate or free (for instance, kmalloc its own
/// metadata).
package protocol SlabPageObserver: AnyObject {
    /// A slab of `pages` pages is about to be taken for `cache`: the place
    /// where the kernel charges a per-memcg cache's new slab
    /// (`memcg_charge_slab()`). Returning false refuses the slab, and the
    /// object allocation that needed it returns nil with nothing changed.
    func slabPagesWillAllocate(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) -> Bool
    /// A slab of `pages` pages was taken from the page allocator for `cache`.
    func slabPagesAllocated(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool)
    /// A slab of `pages` pages was given back to the page allocator.
    func slabPagesFreed(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool)
    /// A slab received its per-object owner-tag vector (the kernel's
    /// `obj_cgroups` array, `bytes` = objects x 8, kmalloc'ed by the kernel).
    func slabTagVectorAllocated(cache: SlabCacheID, node: Int, bytes: Int)
    /// A slab's tag vector was freed together with the slab.
    func slabTagVectorFreed(cache: SlabCacheID, node: Int, bytes: Int)
}

extension SlabPageObserver {
    func slabPagesWillAllocate(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) -> Bool {
        true
    }
    func slabTagVectorAllocated(cache: SlabCacheID, node: Int, bytes: Int) {}
    func slabTagVectorFreed(cache: SlabCacheID, node: Int, bytes: Int) {}
}
