// The page-level hooks: where a per-memcg cache's slab pages are charged
// and uncharged (the per-memcg-cache design's, for slabs whose owner is a
// kmemcg cache ID), and where objcg vectors are kmalloc'ed and freed with
// their slabs.

extension KmemAccounting: SlabPageObserver {
    package func slabPagesWillAllocate(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) -> Bool {
        guard owner != 0 else { return true }
        return childSlabPagesWillAllocate(cache: cache, pages: pages, reclaimable: reclaimable)
    }

    package func slabPagesAllocated(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) {}

    package func slabPagesFreed(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) {
        guard owner != 0 else { return }
        childSlabPagesFreed(cache: cache, pages: pages, reclaimable: reclaimable)
    }

    /// The objcg vector of a new slab (`memcg_alloc_slab_cgroups`): a
    /// kmalloc of objects x 8 bytes, without __GFP_ACCOUNT as in the kernel.
    package func slabTagVectorAllocated(cache: SlabCacheID, node: Int, bytes: Int) {
        guard let object = allocator.kmalloc(size: bytes, node: node) else { return }
        tagVectorObjects[bytes, default: []].append(object)
    }

    /// Any vector of the same size stands for the one freed: they are
    /// interchangeable kmalloc objects of one size class.
    package func slabTagVectorFreed(cache: SlabCacheID, node: Int, bytes: Int) {
        guard let object = tagVectorObjects[bytes]?.popLast() else { return }
        allocator.free(object)
    }
}
