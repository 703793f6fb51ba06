package import Memcg

/// The filesystem side of the workload: the `dentry` and `inode_cache`
/// slab caches (SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT) and the mounted
/// superblocks, each with its list_lrus and shrinker.
///
/// What tasks do to it: look up names that do not exist (negative dentries,
/// as the kernel's memcg selftests do to fill the dcache) and create files
/// (an inode and a dentry each). Nothing is read or written: page cache
/// is the LRU layer's business.
package final class VirtualFileSystem {
    package let controller: MemoryController
    package let allocator: any VFSObjectAllocator
    let dentryCache: SlabCacheID
    let inodeCache: SlabCacheID
    /// Mounted superblocks, in mount order.
    @exclusivity(unchecked) package private(set) var superblocks: [SuperBlock] = []

    /// The superblock actions use when none is named; mounted on first use.
    static let defaultSuperblock = "rootfs"
    /// `sizeof(struct dentry)` on x86_64.
    package static let dentryBytes = 192
    /// `sizeof(struct inode)` of a simple filesystem (the `inode_cache` objects).
    package static let inodeBytes = 608

    init(controller: MemoryController, allocator: (any VFSObjectAllocator)? = nil) {
        self.controller = controller
        self.allocator = allocator ?? KmemVFSObjectAllocator(kmem: controller.kmem)
        // Boot caches: dcache_init and inode_init create them at boot.
        dentryCache = controller.kmem.rootCache(named: "dentry")!
        inodeCache = controller.kmem.rootCache(named: "inode_cache")!
    }

    // MARK: Mounts

    /// Mounts a new superblock: a memcg-aware shrinker (prealloc gives it
    /// its ID first), then the dentry and inode list_lrus bound to it.
    @discardableResult
    package func mount(_ name: String) throws(MemcgError) -> SuperBlock {
        try Self.validate(name)
        guard superblock(named: name) == nil else { throw MemcgError(.EBUSY, "superblock \(name) is already mounted") }
        let registry = controller.listLRUs
        weak var sb: SuperBlock?
        let shrinker = Shrinker(name: "sb-\(name)", flags: [.numaAware, .memcgAware],
                                count: { sc in sb?.count(sc) }, scan: { sc in sb?.scan(&sc) })
        try controller.shrinkers.register(shrinker)
        let dentryLRU: ListLRU
        do {
            dentryLRU = try registry.makeListLRU(name: "\(name):dentry", memcgAware: true, shrinkerID: shrinker.id)
        } catch {
            controller.shrinkers.unregister(shrinker)
            throw error
        }
        let inodeLRU: ListLRU
        do {
            inodeLRU = try registry.makeListLRU(name: "\(name):inode", memcgAware: true, shrinkerID: shrinker.id)
        } catch {
            registry.destroy(dentryLRU)
            controller.shrinkers.unregister(shrinker)
            throw error
        }
        let created = SuperBlock(vfs: self, name: name, dentryLRU: dentryLRU, inodeLRU: inodeLRU, shrinker: shrinker)
        // The shrinker's closures hold the superblock weakly: the VFS owns it.
        sb = created
        superblocks.append(created)
        return created
    }

    /// Unmounts: the shrinker is unregistered, every object freed, the
    /// list_lrus destroyed. ENOENT if not mounted, EBUSY if a dentry is in use.
    package func umount(_ name: String) throws(MemcgError) {
        guard let sb = superblock(named: name) else { throw MemcgError(.ENOENT, "no superblock \(name) is mounted") }
        try sb.shutdown()
        controller.shrinkers.unregister(sb.shrinker)
        controller.listLRUs.destroy(sb.dentryLRU)
        controller.listLRUs.destroy(sb.inodeLRU)
        superblocks.removeAll { $0 === sb }
    }

    package func superblock(named name: String) -> SuperBlock? {
        superblocks.first { $0.name == name }
    }

    /// The named superblock; the default one is mounted on first use.
    func target(_ name: String?) throws(MemcgError) -> SuperBlock {
        let name = name ?? Self.defaultSuperblock
        if let sb = superblock(named: name) { return sb }
        guard name == Self.defaultSuperblock else { throw MemcgError(.ENOENT, "no superblock \(name) is mounted") }
        return try mount(name)
    }

    static func validate(_ name: String) throws(MemcgError) {
        guard !name.isEmpty, name.utf8.count <= 255, !name.contains(where: { $0 == "/" || $0.isWhitespace }) else {
            throw MemcgError(.EINVAL, "'\(name)' is not a valid superblock name (1-255 bytes, no '/' or spaces)")
        }
    }

    // MARK: What tasks do

    /// `count` lookups of names that do not exist on the superblock, each
    /// leaving a negative dentry on the LRU, charged to `memcg`. Every
    /// lookup is of a new name. On ENOMEM the dentries made so far stay.
    func lookupMissing(_ count: Int, on name: String?, memcg: MemCgroup, node: Int) throws(MemcgError) {
        let sb = try target(name)
        for _ in 0..<count {
            let dentry = try sb.allocateDentry(memcg: memcg, node: node)
            sb.putDentry(dentry)
        }
    }

    /// Creates `count` files: an inode and a dentry each, charged to `memcg`.
    /// The dentries end unused on the LRU, holding their inodes.
    package func createFiles(_ count: Int, on name: String?, memcg: MemCgroup, node: Int) throws(MemcgError) {
        let sb = try target(name)
        for _ in 0..<count {
            let dentry = try sb.allocateDentry(memcg: memcg, node: node)
            let inode: UInt32
            do {
                inode = try sb.allocateInode(memcg: memcg, node: node)
            } catch {
                sb.dentries[Int(dentry)].references = 0
                sb.killDentry(dentry)
                throw error
            }
            sb.dentries[Int(dentry)].inode = inode
            sb.putDentry(dentry)
        }
    }
}
