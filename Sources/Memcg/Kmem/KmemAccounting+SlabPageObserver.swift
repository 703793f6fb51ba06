// The page-level hooks: where a per-memcg cache's slab pages are charged
// (memcg_charge_slab) and uncharged, and where objcg vectors are
// kmalloc'ed and freed with their slabs.

extension KmemAccounting: SlabPageObserver {
    /// Charges a child cache's new slab to its memcg before the pages are
    /// taken; a failed charge refuses the slab and leaves the error for
    /// the allocation to throw.
    package func slabPagesWillAllocate(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) -> Bool {
        guard owner != 0, let info = cacheInfo(cache), let memcg = info.memcg else { return true }
        do {
            try controller.chargeSlabPages(memcg, pages: pages, reclaimable: reclaimable)
        } catch {
            pendingChargeError = error
            return false
        }
        info.chargedPages += pages
        return true
    }

    package func slabPagesAllocated(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) {}

    /// Uncharges a child cache's freed slab. SLUB frees the pages of a
    /// SLAB_TYPESAFE_BY_RCU slab only after a grace period, so those stay
    /// charged (and pin the memcg) until it ends; that is what the
    /// rcu_barrier before destroying such a cache waits for.
    package func slabPagesFreed(cache: SlabCacheID, node: Int, pages: Int, owner: UInt32, reclaimable: Bool) {
        guard owner != 0, let info = cacheInfo(cache), let memcg = info.memcg else { return }
        if info.flags.contains(.typesafeByRCU) {
            info.rcuPendingPages += pages
            kernel.callRCU { [unowned self] in
                info.rcuPendingPages -= pages
                info.chargedPages -= pages
                // The cache's memcg when the pages go, not when their last
                // object went: from 5.3 a cache reparented at offline in
                // between uncharges its parent (memcg_uncharge_slab reads
                // the cache's memcg when the RCU-freed slab is released).
                self.controller.unchargeSlabPages(info.memcg ?? memcg, pages: pages, reclaimable: reclaimable)
                // Up to 4.10, the pages were what pinned the memcg of an
                // empty dying cache. A slab whose objects all went may be
                // released while other slabs of the cache still hold
                // objects: only an empty cache is told it is empty (4.11
                // destroys a dying cache it is told of at once).
                if info.state == .dying, self.allocator.activeObjects(of: cache) == 0 {
                    self.childTeardown.dyingCacheEmptied(info, in: self)
                }
            }
        } else {
            info.chargedPages -= pages
            controller.unchargeSlabPages(memcg, pages: pages, reclaimable: reclaimable)
        }
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
