extension MemoryController {
    /// Charges whole slab pages to the memcg that owns the cache they were
    /// allocated for (the per-memcg cache design), taking a reference per
    /// page as every charged page does.
    public func chargeSlabPages(_ memcg: MemCgroup, pages: Int, reclaimable: Bool) throws(MemcgError) {
        try charge(memcg, pages: pages)
        memcg.slabPages[reclaimable ? 1 : 0] += pages
        modStat(memcg, .kernel, pages)
        modStat(memcg, reclaimable ? .slabReclaimable : .slabUnreclaimable, pages * PageSize.bytes)
    }

    /// Uncharges slab pages given back by a cache owned by `memcg`.
    public func unchargeSlabPages(_ memcg: MemCgroup, pages: Int, reclaimable: Bool) {
        memcg.slabPages[reclaimable ? 1 : 0] -= pages
        modStat(memcg, .kernel, -pages)
        modStat(memcg, reclaimable ? .slabReclaimable : .slabUnreclaimable, -pages * PageSize.bytes)
        if memcg.slabPages[reclaimable ? 1 : 0] < 0 {
            report(ModelViolation("counter-underflow", "\(memcg.path) slab pages went negative"))
        }
        uncharge(memcg, pages: pages)
    }
}
