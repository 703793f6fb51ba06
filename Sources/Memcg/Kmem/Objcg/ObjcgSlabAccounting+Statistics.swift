// Where slab statistics updates under objcg leave the layer.

extension ObjcgSlabAccounting {
    /// A slab statistic change of `bytes` (object size plus the objcg
    /// pointer) for `memcg` on `node`, after the per-CPU object stock let
    /// it through (it passed a page, or the objcg or node changed): the
    /// kernel's mod_objcg_mlstate. The layer keeps the running sums per
    /// memcg; the statistics layer (memory.stat slab_reclaimable and
    /// slab_unreclaimable) is fed from here.
    func slabStatChanged(_ memcg: MemCgroup, node: Int, reclaimable: Bool, bytes: Int) {
        statistics.slabStatFlushes += 1
        kmemState(memcg).slabStatBytes[reclaimable ? 1 : 0] += bytes
        controller.modStat(memcg, reclaimable ? .slabReclaimable : .slabUnreclaimable, bytes, node: node)
    }
}
