/// The flat tables behind one list_lru, kept in a struct that the
/// `ListLRU` class reaches through a pointer it owns (as `SlabAllocator`
/// does with its arena), so that the add and delete paths pay no dynamic
/// exclusivity checks.
struct ListLRUTables {
    /// One link per item index ever used on this list_lru.
    var links: [ListLRULink] = []
    /// Materialized lists; records 0..<nodes are the root lists.
    var records: [ListLRURecord] = []
    var freeRecords: [UInt32] = []
    /// `list_lru_node.nr_items`: items on each node, all memcgs together.
    var nodeCounts: [Int]

    /// Eager: per node, per kmemcg cache ID, the list's slab handle, or
    /// `materialized | record` once the list has a record.
    var slots: [[UInt64]]
    /// Eager: per node, the handle of the kmalloc'ed array of list pointers.
    var arrays: [UInt64]

    /// Lazy: memcg ID to the first of the memcg's `nodes` records.
    var map = SparseIDMap()
    /// Lazy: first records of freed blocks of `nodes` records.
    var freeBlocks: [UInt32] = []

    static let materialized: UInt64 = 1 << 63

    init(nodes: Int) {
        nodeCounts = [Int](repeating: 0, count: nodes)
        slots = [[UInt64]](repeating: [], count: nodes)
        arrays = [UInt64](repeating: ListLRURecord.noHandle, count: nodes)
        for node in 0..<nodes { records.append(ListLRURecord(key: -1, node: node, handle: ListLRURecord.noHandle)) }
    }
}
