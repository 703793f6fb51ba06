/// The creation flags of a slab cache that matter to memory-cgroup
/// accounting: the kernel's `slab_flags_t` bits passed to
/// `kmem_cache_create()`.
///
/// The raw values are the kernel's bit positions of the 4.x era, so a
/// kernel reader can recognise them in a dump; nothing in the model depends
/// on the particular values.
package struct SlabFlags: OptionSet, Hashable, Sendable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `SLAB_HWCACHE_ALIGN`: align objects to a cache line (halved while the
    /// object fits twice in it, as the kernel does for small objects).
    static let hardwareCacheAlign = SlabFlags(rawValue: 0x0000_2000)
    /// `SLAB_RECLAIM_ACCOUNT`: pages count as slab_reclaimable (dentries,
    /// inodes) rather than slab_unreclaimable.
    static let reclaimAccount = SlabFlags(rawValue: 0x0002_0000)
    /// `SLAB_TYPESAFE_BY_RCU`: slab pages are freed only after a grace
    /// period, so teardown needs an rcu_barrier(). The free pointer cannot
    /// live inside such an object, which makes each object one word larger.
    package static let typesafeByRCU = SlabFlags(rawValue: 0x0008_0000)
    /// `SLAB_ACCOUNT`: objects are charged to the allocating task's memcg.
    package static let account = SlabFlags(rawValue: 0x0400_0000)
}
