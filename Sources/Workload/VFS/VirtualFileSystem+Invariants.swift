package import Memcg

extension VirtualFileSystem {
    /// - vfs-lru: every cached dentry or inode nobody uses is on its
    ///   superblock's LRU, and the LRUs hold nothing else;
    /// - vfs-count: the live counts match the records and the slab caches.
    package func checkInvariants() -> [ModelViolation] {
        var broken: [ModelViolation] = []
        var dentries = 0, inodes = 0
        for sb in superblocks {
            var onLRU = 0
            for (index, d) in sb.dentries.enumerated() where d.isLive {
                let listed = sb.dentryLRU.contains(ListLRUItem(UInt32(index)))
                if d.references == 0 && !listed {
                    broken.append(ModelViolation("vfs-lru", "\(sb.name): unused dentry \(index) is not on the LRU"))
                }
                if listed { onLRU += 1 }
            }
            if onLRU != sb.dentryLRU.count {
                broken.append(ModelViolation("vfs-lru", "\(sb.name): the dentry LRU holds \(sb.dentryLRU.count), \(onLRU) live dentries are on it"))
            }
            onLRU = 0
            for (index, i) in sb.inodes.enumerated() where i.isLive {
                let listed = sb.inodeLRU.contains(ListLRUItem(UInt32(index)))
                if i.references == 0 && !listed {
                    broken.append(ModelViolation("vfs-lru", "\(sb.name): unused inode \(index) is not on the LRU"))
                }
                if listed { onLRU += 1 }
            }
            if onLRU != sb.inodeLRU.count {
                broken.append(ModelViolation("vfs-lru", "\(sb.name): the inode LRU holds \(sb.inodeLRU.count), \(onLRU) live inodes are on it"))
            }
            let liveD = sb.dentries.filter(\.isLive).count, liveI = sb.inodes.filter(\.isLive).count
            if liveD != sb.liveDentries || liveI != sb.liveInodes {
                broken.append(ModelViolation("vfs-count", "\(sb.name): counts say \(sb.liveDentries) dentries and \(sb.liveInodes) inodes, records \(liveD) and \(liveI)"))
            }
            dentries += liveD
            inodes += liveI
        }
        let slab = controller.slab
        func objects(_ root: SlabCacheID) -> Int {
            controller.kmem.childCaches(of: root).reduce(slab.statistics(of: root).activeObjects) {
                $0 + slab.statistics(of: $1.id).activeObjects
            }
        }
        if objects(dentryCache) != dentries || objects(inodeCache) != inodes {
            broken.append(ModelViolation("vfs-count", "the dentry and inode caches hold other counts than the superblocks' \(dentries) and \(inodes)"))
        }
        return broken
    }
}
