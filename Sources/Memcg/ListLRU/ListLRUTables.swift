/// The flat tables behind one list_lru, kept in a struct that the
/// `ListLRU` class reaches through a pointer it owns, in raw buffers: the
/// add and delete paths then pay no dynamic exclusivity check, no
/// copy-on-write check and no reference counting. The buffers free
/// themselves when the owner deinitializes the tables.
struct ListLRUTables: ~Copyable {
    /// One link per item index ever used on this list_lru.
    var links = UnsafeGrowableBuffer<ListLRULink>(capacity: 64)
    /// Materialized lists; records 0..<nodes are the root lists.
    var records = UnsafeGrowableBuffer<ListLRURecord>(capacity: 16)
    var freeRecords: [UInt32] = []
    /// `list_lru_node.nr_items`: items on each node, all memcgs together.
    var nodeCounts: UnsafeGrowableBuffer<Int>

    /// Eager: per node, per kmemcg cache ID, the list's slab handle, or
    /// `materialized | record` once the list has a record.
    var slots: UnsafeGrowableBuffer<UnsafeGrowableBuffer<UInt64>>
    /// Eager: per node, the handle of the kmalloc'ed array of list pointers.
    var arrays: [UInt64]

    /// Lazy: memcg ID to the first of the memcg's `nodes` records.
    var map = SparseIDMap()
    /// Lazy: first records of freed blocks of `nodes` records.
    var freeBlocks: [UInt32] = []

    /// Flags checked on every add and delete.
    var isDestroyed = false
    var walking = false

    static let materialized: UInt64 = 1 << 63

    init(nodes: Int) {
        nodeCounts = UnsafeGrowableBuffer(capacity: nodes)
        nodeCounts.append(repeating: 0, count: nodes)
        slots = UnsafeGrowableBuffer(capacity: nodes)
        for _ in 0..<nodes { slots.append(UnsafeGrowableBuffer(capacity: 1)) }
        arrays = [UInt64](repeating: ListLRURecord.noHandle, count: nodes)
        for node in 0..<nodes { records.append(ListLRURecord(key: -1, node: node, handle: ListLRURecord.noHandle)) }
    }
}
