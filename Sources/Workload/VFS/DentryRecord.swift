import Memcg

/// One dentry (`struct dentry`) of a superblock: its slab object, its
/// inode (none for a negative dentry), its reference count and flags.
struct DentryRecord {
    static let noInode = UInt32.max

    var object: SlabObject
    var inode: UInt32 = DentryRecord.noInode
    /// `d_lockref.count`.
    var references: UInt32 = 1
    /// `DCACHE_REFERENCED`: used again since it went on the LRU.
    var referenced = false
    var isLive = true
}
