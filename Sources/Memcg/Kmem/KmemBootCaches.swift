/// The accounted slab caches a booted kernel has before any cgroup exists,
/// as far as the model needs them: process and memory-map structures that
/// carry SLAB_ACCOUNT since 4.5, one of them SLAB_TYPESAFE_BY_RCU (as
/// `sighand_cache` and `anon_vma` are), and the radix-tree nodes of the
/// page cache (reclaimable). Sizes are those of an x86_64 4.x build,
/// rounded; the metadata sizes are SLUB's `struct kmem_cache` with memcg
/// parameters and `struct kmem_cache_node`.
///
/// The dentry and inode caches (created by dcache_init and inode_init at
/// boot) are here too; the VFS allocates from them.
package enum KmemBootCaches {
    /// One boot cache.
    package struct Spec: Sendable {
        package let name: String
        package let objectSize: Int
        package let flags: SlabFlags
    }

    static let kmemCacheBytes = 384
    static let kmemCacheNodeBytes = 64
    /// `struct obj_cgroup` (kmalloc'ed, unaccounted).
    static let objcgBytes = 64
    /// `struct memcg_cache_array` header before its entries.
    static let memcgCacheArrayHeaderBytes = 16

    /// In creation order; the teardown scenario takes its K caches from
    /// the front, so the default mix includes the SLAB_TYPESAFE_BY_RCU one.
    package static let all: [Spec] = [
        Spec(name: "vm_area_struct", objectSize: 200, flags: [.account]),
        Spec(name: "anon_vma", objectSize: 88, flags: [.account, .typesafeByRCU]),
        Spec(name: "pid", objectSize: 128, flags: [.account, .hardwareCacheAlign]),
        Spec(name: "files_cache", objectSize: 704, flags: [.account, .hardwareCacheAlign]),
        Spec(name: "signal_cache", objectSize: 1_024, flags: [.account, .hardwareCacheAlign]),
        Spec(name: "sighand_cache", objectSize: 2_112, flags: [.account, .hardwareCacheAlign, .typesafeByRCU]),
        Spec(name: "mm_struct", objectSize: 1_088, flags: [.account, .hardwareCacheAlign]),
        Spec(name: "radix_tree_node", objectSize: 576, flags: [.account, .reclaimAccount]),
    ]

    /// The caches the VFS owns (workloads allocate from them only through it).
    package static let vfs: [Spec] = [
        Spec(name: "dentry", objectSize: 192, flags: [.account, .reclaimAccount, .hardwareCacheAlign]),
        Spec(name: "inode_cache", objectSize: 608, flags: [.account, .reclaimAccount, .hardwareCacheAlign]),
    ]
}
