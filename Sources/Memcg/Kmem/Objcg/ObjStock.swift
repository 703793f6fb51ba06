/// A CPU's object stock (the obj part of `struct memcg_stock_pcp`): bytes
/// pre-charged to one objcg, and slab statistics deltas not yet applied.
///
/// A byte charge for the cached objcg is served from `bytes` without
/// touching a page counter; freed bytes come back here and whole pages go
/// back to the counters only when the stock passes a page. Slab statistic
/// updates accumulate while they stay within a page and the objcg and node
/// do not change. While it caches an objcg the stock holds a reference on it.
struct ObjStock {
    var cached: ObjCgroup?
    var bytes = 0
    var node = 0
    /// Pending slab statistic deltas in bytes: [unreclaimable, reclaimable].
    var slabBytes = (unreclaimable: 0, reclaimable: 0)
}
