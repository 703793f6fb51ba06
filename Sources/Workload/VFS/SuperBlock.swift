package import Memcg

/// A mounted filesystem (`struct super_block`) as memory reclaim sees it:
/// a dentry list_lru and an inode list_lru, both memcg-aware, and a
/// memcg-aware, NUMA-aware shrinker that prunes them.
///
/// Unused dentries and inodes sit on their list_lru; ones in use are taken
/// off it lazily, when the shrinker finds them (as `dentry_lru_isolate()`
/// and `inode_lru_isolate()` do). A dentry holds its inode; pruning the
/// dentry puts the inode on the inode LRU, from which the next pass frees it.
package final class SuperBlock {
    package let name: String
    let dentryLRU: ListLRU
    let inodeLRU: ListLRU
    package let shrinker: Shrinker
    @exclusivity(unchecked) package private(set) var isActive = true

    unowned let vfs: VirtualFileSystem
    @exclusivity(unchecked) var dentries: [DentryRecord] = []
    @exclusivity(unchecked) var freeDentries: [UInt32] = []
    @exclusivity(unchecked) var inodes: [InodeRecord] = []
    @exclusivity(unchecked) var freeInodes: [UInt32] = []
    @exclusivity(unchecked) private(set) var liveDentries = 0
    @exclusivity(unchecked) private(set) var liveInodes = 0

    init(vfs: VirtualFileSystem, name: String, dentryLRU: ListLRU, inodeLRU: ListLRU, shrinker: Shrinker) {
        self.vfs = vfs
        self.name = name
        self.dentryLRU = dentryLRU
        self.inodeLRU = inodeLRU
        self.shrinker = shrinker
    }

    private var allocator: any VFSObjectAllocator { vfs.allocator }

    // MARK: Allocation

    /// `d_alloc()`: `kmem_cache_alloc_lru()` on the dentry cache, which
    /// first makes sure the memcg has lists on the dentry list_lru.
    func allocateDentry(memcg: MemCgroup?, node: Int) throws(MemcgError) -> UInt32 {
        try dentryLRU.prepareLists(for: memcg)
        let object = try allocator.allocate(vfs.dentryCache, memcg: memcg, node: node)
        let record = DentryRecord(object: object)
        liveDentries += 1
        if let index = freeDentries.popLast() {
            dentries[Int(index)] = record
            return index
        }
        dentries.append(record)
        return UInt32(dentries.count - 1)
    }

    /// `alloc_inode()` through `alloc_inode_sb()`: the same helper, on the inode list_lru.
    func allocateInode(memcg: MemCgroup?, node: Int) throws(MemcgError) -> UInt32 {
        try inodeLRU.prepareLists(for: memcg)
        let object = try allocator.allocate(vfs.inodeCache, memcg: memcg, node: node)
        let record = InodeRecord(object: object)
        liveInodes += 1
        if let index = freeInodes.popLast() {
            inodes[Int(index)] = record
            return index
        }
        inodes.append(record)
        return UInt32(inodes.count - 1)
    }

    // MARK: References

    /// `dput()`: the last reference keeps the dentry cached: it goes on the
    /// LRU, or if already there is marked referenced.
    func putDentry(_ index: UInt32) {
        dentries[Int(index)].references -= 1
        guard dentries[Int(index)].references == 0 else { return }
        let object = dentries[Int(index)].object
        if !dentryLRU.add(ListLRUItem(index), node: allocator.node(of: object), memcg: allocator.memcg(of: object)) {
            dentries[Int(index)].referenced = true
        }
    }

    /// `iput()`: an unused inode that still has a name stays cached on the
    /// inode LRU; an unlinked one is evicted at once.
    func putInode(_ index: UInt32) {
        inodes[Int(index)].references -= 1
        guard inodes[Int(index)].references == 0 else { return }
        let object = inodes[Int(index)].object
        if inodes[Int(index)].links == 0 || !isActive {
            evictInode(index)
        } else if !inodeLRU.add(ListLRUItem(index), node: allocator.node(of: object), memcg: allocator.memcg(of: object)) {
            inodes[Int(index)].referenced = true
        }
    }

    /// Frees a dentry that is off the LRU and unused (`dentry_kill()`), then
    /// drops its inode.
    func killDentry(_ index: UInt32) {
        let record = dentries[Int(index)]
        precondition(record.isLive && record.references == 0 && !dentryLRU.contains(ListLRUItem(index)))
        allocator.free(record.object)
        dentries[Int(index)].isLive = false
        freeDentries.append(index)
        liveDentries -= 1
        if record.inode != DentryRecord.noInode { putInode(record.inode) }
    }

    func evictInode(_ index: UInt32) {
        let record = inodes[Int(index)]
        precondition(record.isLive && record.references == 0 && !inodeLRU.contains(ListLRUItem(index)))
        allocator.free(record.object)
        inodes[Int(index)].isLive = false
        freeInodes.append(index)
        liveInodes -= 1
    }

    // MARK: The shrinker

    /// `super_cache_count()`: unused dentries and inodes of the memcg on the
    /// node; SHRINK_EMPTY (nil) when there are none.
    func count(_ sc: ShrinkControl) -> Int? {
        let total = dentryLRU.count(node: sc.node, memcg: sc.memcg) + inodeLRU.count(node: sc.node, memcg: sc.memcg)
        return total == 0 ? nil : total
    }

    /// `super_cache_scan()`: the scan is shared between dentries and inodes
    /// in proportion to their counts; dentries are pruned first because
    /// they pin inodes.
    func scan(_ sc: inout ShrinkControl) -> Int? {
        let d = dentryLRU.count(node: sc.node, memcg: sc.memcg)
        let i = inodeLRU.count(node: sc.node, memcg: sc.memcg)
        let total = d + i + 1
        let dentryShare = sc.nrToScan * d / total
        let inodeShare = sc.nrToScan * i / total
        return pruneDentries(node: sc.node, memcg: sc.memcg, budget: dentryShare + 1)
            + pruneInodes(node: sc.node, memcg: sc.memcg, budget: inodeShare + 1)
    }

    /// `prune_dcache_sb()`: in-use dentries come off the LRU, referenced
    /// ones get another round, the rest are freed. Returns dentries freed.
    func pruneDentries(node: Int, memcg: MemCgroup?, budget: Int) -> Int {
        var budget = budget
        var dispose: [UInt32] = []
        dentryLRU.walk(node: node, memcg: memcg, budget: &budget) { item in
            let record = self.dentries[Int(item.index)]
            if record.references > 0 { return .removed }
            if record.referenced {
                self.dentries[Int(item.index)].referenced = false
                return .rotate
            }
            dispose.append(item.index)
            return .removed
        }
        for index in dispose { killDentry(index) }
        return dispose.count
    }

    /// `prune_icache_sb()`: the same for inodes. Returns inodes freed.
    func pruneInodes(node: Int, memcg: MemCgroup?, budget: Int) -> Int {
        var budget = budget
        var dispose: [UInt32] = []
        inodeLRU.walk(node: node, memcg: memcg, budget: &budget) { item in
            let record = self.inodes[Int(item.index)]
            if record.references > 0 { return .removed }
            if record.referenced {
                self.inodes[Int(item.index)].referenced = false
                return .rotate
            }
            dispose.append(item.index)
            return .removed
        }
        for index in dispose { evictInode(index) }
        return dispose.count
    }

    // MARK: Unmount

    /// `generic_shutdown_super()`: every dentry, then every inode, is taken
    /// off its LRU and freed. EBUSY if a dentry is still in use.
    func shutdown() throws(MemcgError) {
        if let busy = dentries.firstIndex(where: { $0.isLive && $0.references > 0 }) {
            throw MemcgError(.EBUSY, "superblock \(name): dentry \(busy) is in use")
        }
        isActive = false
        for index in dentries.indices where dentries[index].isLive {
            let object = dentries[index].object
            dentryLRU.delete(ListLRUItem(UInt32(index)), node: allocator.node(of: object), memcg: allocator.memcg(of: object))
            killDentry(UInt32(index))
        }
        for index in inodes.indices where inodes[index].isLive {
            let object = inodes[index].object
            inodeLRU.delete(ListLRUItem(UInt32(index)), node: allocator.node(of: object), memcg: allocator.memcg(of: object))
            if inodes[index].references > 0 {
                inodes[index].references = 0
            }
            if inodes[index].isLive { evictInode(UInt32(index)) }
        }
    }
}
