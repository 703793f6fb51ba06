import Memcg

/// One in-core inode (`struct inode`) of a superblock.
struct InodeRecord {
    var object: SlabObject
    /// `i_count`: dentries and open files holding it.
    var references: UInt32 = 1
    /// `i_nlink`: names on disk; 0 means evict when the last reference goes.
    var links: UInt32 = 1
    /// `I_REFERENCED`.
    var referenced = false
    var isLive = true
}
