/// A doubly linked list of slab records threaded through their `prev` and
/// `next` fields: the model of a `struct list_head` of slabs
/// (`kmem_cache_node->partial` and friends) without per-node allocations.
struct SlabList {
    var head: UInt32 = SlabRecord.none
    var tail: UInt32 = SlabRecord.none
    var count: UInt32 = 0
}
