/// What the list_lrus of one controller hold and have done: the figures
/// behind the seed's 6 GB of kmalloc-32.
///
/// Byte counts are the sizes of the kmalloc classes the objects landed in
/// (a 24-byte `list_lru_one` takes a 32-byte object), as slabinfo sees them.
package struct ListLRUStatistics: Hashable, Sendable {
    /// list_lrus initialised and not destroyed.
    package var listLRUs = 0
    /// Of those, the memcg-aware ones (on `memcg_list_lrus`).
    package var memcgAwareListLRUs = 0
    /// Per-memcg lists (`list_lru_one`) allocated outside the node arrays:
    /// under eager one per cache ID per node per memcg-aware list_lru,
    /// under lazy one per node for each memcg that has a `list_lru_memcg`.
    package var lists = 0
    /// Bytes of the objects holding those lists.
    var listBytes = 0
    /// Eager: bytes of the per-node arrays of list pointers.
    var arrayBytes = 0
    /// Bytes of the `list_lru_node` arrays (one per list_lru, root lists inside).
    var nodeArrayBytes = 0
    /// Lazy: bytes of the xarray nodes mapping memcg IDs to lists.
    var mapNodeBytes = 0
    /// Times every memcg-aware list_lru grew its arrays for a new cache ID.
    package var arrayGrowths = 0
    /// Memcgs whose lists were reparented at offline.
    var reparentedMemcgs = 0
    /// Items moved to a parent's list at offline.
    var reparentedItems = 0
    /// Lazy: `list_lru_memcg` allocations made by the allocation helper.
    var listAllocations = 0
    /// Items shown to isolate callbacks by walks (each costs a list node visit).
    package var walkVisits = 0

    init() {}

    /// All list_lru metadata, in bytes.
    package var bytes: Int { listBytes + arrayBytes + nodeArrayBytes + mapNodeBytes }
}
