package import Memcg

/// The VFS's dentries and inodes come from the kmem layer, like any
/// accounted slab object: a per-memcg child cache or an objcg charge,
/// depending on the design, and reparented with it at offline.
package final class KmemVFSObjectAllocator: VFSObjectAllocator {
    package let kmem: KmemAccounting

    init(kmem: KmemAccounting) {
        self.kmem = kmem
    }

    package func allocate(_ cache: SlabCacheID, memcg: MemCgroup?, node: Int) throws(MemcgError) -> SlabObject {
        try kmem.allocate(cache, memcg: memcg, node: node)
    }

    package func free(_ object: SlabObject) { kmem.free(object) }

    package func memcg(of object: SlabObject) -> MemCgroup? { kmem.memcg(of: object) }

    package func node(of object: SlabObject) -> Int { kmem.allocator.node(of: object) }
}
