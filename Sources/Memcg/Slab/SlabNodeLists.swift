/// A cache's slabs on one NUMA node: the model of `struct kmem_cache_node`.
///
/// Kept in one flat table for all caches (index cache * nodes + node), so a
/// per-memcg child cache costs a few dozen bytes per node and no Swift
/// allocation.
struct SlabNodeLists {
    var empty = SlabList()
    var partial = SlabList()
    var full = SlabList()
    /// Objects allocated from this node's slabs.
    var inuse: UInt64 = 0

    /// All slabs on the node (`nr_slabs`).
    var slabs: Int { Int(empty.count) + Int(partial.count) + Int(full.count) }
}
