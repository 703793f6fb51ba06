/// The life of a memcg's kmemcg cache ID under the designs that take one
/// from `memcg_cache_ida` (3.19 to 5.17, `KmemcgIDFromCacheIDA`): the index
/// of the memcg in the arrays indexed by cache ID (per-memcg caches, eager
/// list_lru arrays).
///
/// It does not follow the cgroup's state: `memcg_online_kmem()` runs from
/// `mem_cgroup_css_alloc()` until 5.18 (da0efe309444 moved it to
/// `css_online`), before the css is online, and `memcg_offline_kmem()`
/// gives the ID back during the offline, before the base reference is put.
/// The kernel tracked the same three stages in `memcg->kmem_state` from
/// 4.5 ("mm: memcontrol: give the kmem states more descriptive names"):
/// `KMEM_NONE`, `KMEM_ONLINE` while the ID is held, `KMEM_ALLOCATED` once
/// the offline has given it back and only the caches remain.
package enum KmemcgCacheIDState: Equatable, Sendable {
    /// No cache ID yet: the root, every memcg of a design whose kmemcg ID
    /// is the memcg ID (5.18 on), a memcg whose mkdir has not got that far.
    case unassigned
    /// Taken at mkdir; the memcg's child caches and eager lists are at
    /// this index until the offline.
    case held(Int)
    /// Given back by the offline; the next memcg to online may take it.
    case released

    /// The cache ID while held.
    @inline(__always)
    var id: Int? {
        if case .held(let id) = self { return id }
        return nil
    }

    var name: String {
        switch self {
        case .unassigned: return "unassigned"
        case .held(let id): return "held \(id)"
        case .released: return "released"
        }
    }
}
