package import Memcg

/// Where the VFS gets its dentries and inodes: allocation charged to a
/// memcg, free, and the two things list_lru needs to know of an object
/// (`mem_cgroup_from_slab_obj()` and `page_to_nid()`).
/// Tests can plant their own; the VFS uses `KmemVFSObjectAllocator`.
package protocol VFSObjectAllocator: AnyObject {
    /// Allocates an object of `cache` on `node`, charged to `memcg` (nil or
    /// the root: not charged). Throws ENOMEM when the charge or the slab fails.
    func allocate(_ cache: SlabCacheID, memcg: MemCgroup?, node: Int) throws(MemcgError) -> SlabObject
    /// Frees the object and uncharges it.
    func free(_ object: SlabObject)
    /// The memcg the object is charged to (nil: the root's).
    func memcg(of object: SlabObject) -> MemCgroup?
    /// The NUMA node of the object's slab.
    func node(of object: SlabObject) -> Int
}
