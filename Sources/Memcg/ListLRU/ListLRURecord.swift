/// One list of one list_lru, for one memcg (or the root) on one node: the
/// model of `struct list_lru_one` with the handle of the kmalloc'ed object
/// that holds it in the kernel.
///
/// Under the eager design a record exists only for lists that ever held
/// an item; the empty lists of every other cache ID exist as slab objects
/// and a handle in the per-node array, nothing more, so that 187 million
/// of them fit in memory.
struct ListLRURecord {
    static let noHandle = UInt64.max

    var head: UInt32 = ListLRULink.none
    var tail: UInt32 = ListLRULink.none
    /// `nr_items`.
    var count: UInt32 = 0
    /// The kmemcg cache ID (eager) or memcg ID (lazy) whose list this is;
    /// -1 for the root's list, -2 for a record on the free list.
    var key: Int32
    var node: UInt16
    /// The slab object holding the list (lazy: the `list_lru_memcg` shared
    /// by the memcg's lists on all nodes); `noHandle` for the root lists,
    /// which live in the list_lru's node array.
    var handle: UInt64

    init(key: Int32, node: Int, handle: UInt64) {
        self.key = key
        self.node = UInt16(node)
        self.handle = handle
    }
}
