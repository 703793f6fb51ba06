public import Memcg

/// The VFS's dentries and inodes come from the kmem layer, like any
/// accounted slab object: a per-memcg child cache or an objcg charge,
/// depending on the design, and reparented with it at offline.
public final class KmemVFSObjectAllocator: VFSObjectAllocator {
    public let kmem: KmemAccounting

    public init(kmem: KmemAccounting) {
        self.kmem = kmem
    }

    public func allocate(_ cache: SlabCacheID, memcg: MemCgroup?, node: Int) throws(MemcgError) -> SlabObject {
        try kmem.allocate(cache, memcg: memcg, node: node)
    }

    public func free(_ object: SlabObject) { kmem.free(object) }

    public func memcg(of object: SlabObject) -> MemCgroup? { kmem.memcg(of: object) }

    public func node(of object: SlabObject) -> Int { kmem.allocator.node(of: object) }
}
