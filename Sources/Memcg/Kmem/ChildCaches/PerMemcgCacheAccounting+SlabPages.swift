// Where a child cache's slab pages are charged (memcg_charge_slab) and
// uncharged: the page-level hooks of `SlabPageObserver` for slabs whose
// owner is a kmemcg cache ID, called by `KmemAccounting`.

extension PerMemcgCacheAccounting {
    /// Charges a child cache's new slab to its memcg before the pages are
    /// taken; a failed charge refuses the slab and leaves the error for
    /// the allocation to throw.
    func slabPagesWillAllocate(cache: SlabCacheID, pages: Int, reclaimable: Bool) -> Bool {
        guard let info = cacheInfo(cache), let memcg = info.memcg else { return true }
        do {
            try controller.chargeSlabPages(memcg, pages: pages, reclaimable: reclaimable)
        } catch {
            pendingChargeError = error
            return false
        }
        info.chargedPages += pages
        return true
    }

    /// Uncharges a child cache's freed slab. SLUB frees the pages of a
    /// SLAB_TYPESAFE_BY_RCU slab only after a grace period, so those stay
    /// charged (and pin the memcg) until it ends; that is what the
    /// rcu_barrier before destroying such a cache waits for.
    func slabPagesFreed(cache: SlabCacheID, pages: Int, reclaimable: Bool) {
        guard let info = cacheInfo(cache), let memcg = info.memcg else { return }
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
}
