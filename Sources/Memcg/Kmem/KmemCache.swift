/// The memcg layer's view of one slab cache: the `memcg_cache_params` of a
/// `struct kmem_cache`, for a root cache or a per-memcg child cache.
///
/// A root cache owns the array of its child caches indexed by kmemcg cache
/// ID (`memcg_caches`) and the list of its children. A child cache knows
/// its root and its memcg, on which it holds a css reference until it is
/// destroyed or, up to 4.10, drained (moved to the parent with the cache
/// when it is reparented). The allocator's record of the cache (slabs,
/// objects, name) is the `SlabAllocator`'s; this object carries what the
/// allocator does not know about cgroups.
package final class KmemCache {
    package let id: SlabCacheID
    package let name: String
    package let flags: SlabFlags
    /// Object size and alignment as the creator asked, for the children.
    package let objectSize: Int
    let align: Int
    /// The allocator's `size` (object plus padding and free pointer).
    let slotSize: Int
    /// Creation serial: list order and the slabinfo cursor.
    package let serial: UInt64
    /// The root cache of a child; nil for a root.
    package let root: KmemCache?
    /// The memcg a child cache charges (`memcg_params.memcg`): the one it
    /// was created for, or, once reparented at offline (5.3 to 5.8), that
    /// memcg's parent; nil for a root.
    @exclusivity(unchecked) package internal(set) var memcg: MemCgroup?
    @exclusivity(unchecked) package private(set) var state: KmemCacheState = .active
    /// Whether its sysfs directory (/sys/kernel/slab/NAME) exists.
    @exclusivity(unchecked) var hasSysfsDirectory = false

    /// Root only: child caches by kmemcg cache ID (`memcg_caches->entries`).
    @exclusivity(unchecked) var children: ContiguousArray<KmemCache?> = []
    /// Root only: the kmalloc'ed `memcg_cache_array` backing `children`.
    @exclusivity(unchecked) var childArrayObject: SlabObject?
    /// Root only: its children, live and dying (`memcg_params.children`).
    @exclusivity(unchecked) var childList = KmemCacheList()

    /// Child only: slab pages charged to the memcg for this cache, counting
    /// pages of SLAB_TYPESAFE_BY_RCU slabs still waiting for their grace period.
    @exclusivity(unchecked) var chargedPages = 0
    /// Child only: pages freed but not uncharged until a grace period ends.
    @exclusivity(unchecked) var rcuPendingPages = 0

    /// The `struct kmem_cache` and its per-node `kmem_cache_node`s, taken
    /// from the model's own metadata caches.
    @exclusivity(unchecked) var metadataObjects: [SlabObject] = []

    // The fields the allocation and free paths touch are exempt from
    // run-time exclusivity checks (each check cost more than the field
    // access): one thread runs the model and no access to them spans a call
    // that could reach them again.

    init(id: SlabCacheID, name: String, flags: SlabFlags, objectSize: Int, align: Int, slotSize: Int,
         serial: UInt64, root: KmemCache?, memcg: MemCgroup?) {
        self.id = id
        self.name = name
        self.flags = flags
        self.objectSize = objectSize
        self.align = align
        self.slotSize = slotSize
        self.serial = serial
        self.root = root
        self.memcg = memcg
    }

    package var isRoot: Bool { root == nil }
    var isAccounted: Bool { flags.contains(.account) }
    var slot: Int { Int(id.index) }
}

extension KmemCache {
    /// Enters `next` if the current state allows it (`KmemCacheState.mayEnter`);
    /// otherwise changes nothing and returns false. The only way the state
    /// changes: `KmemAccounting.transition` records a refused move.
    func enter(_ next: KmemCacheState) -> Bool {
        guard state.mayEnter(next) else { return false }
        state = next
        return true
    }
}
