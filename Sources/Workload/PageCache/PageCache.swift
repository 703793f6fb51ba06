package import Memcg

/// The page cache of the files tasks read and write: per file (a name on
/// a superblock), the page at each index or the shadow entry an evicted
/// page left (`address_space.i_pages`).
///
/// Pages are charged to the memcg of the task that brings them in and stay
/// cached, and charged, after it exits, until reclaim evicts them or the
/// file is unlinked.
package final class PageCache {
    package let controller: MemoryController
    /// Files by "superblock/name".
    private var byName: [String: CachedFile] = [:]
    /// Files by mapping number (what page records store).
    private var byMapping: [UInt32: CachedFile] = [:]
    private var nextMapping: UInt32 = 1

    /// The most bytes one action may read or write: 64 GiB.
    static let maxBytesPerAction = 64 << 30

    /// One file's cached pages.
    final class CachedFile {
        let mapping: UInt32
        let name: String
        let superblock: String
        var pages: [PageID] = []
        var shadows: [UInt32: Shadow] = [:]

        init(mapping: UInt32, name: String, superblock: String) {
            self.mapping = mapping
            self.name = name
            self.superblock = superblock
        }
    }

    init(controller: MemoryController) {
        self.controller = controller
        controller.pages.addEvictionHandler { [unowned self] mapping, index, shadow in
            guard let file = self.byMapping[mapping] else { return }
            file.pages[Int(index)] = PageRecord.none
            file.shadows[index] = shadow
        }
    }

    /// The file an access of its first `bytes` reads or writes (created if
    /// `create`, else ENOENT when missing), and how many pages it covers:
    /// a read without `create` stops at the file's end.
    func open(_ name: String, superblock: String, bytes: Int, create: Bool) throws(MemcgError) -> (CachedFile, Int) {
        let key = superblock + "/" + name
        let file: CachedFile
        if let existing = byName[key] {
            file = existing
        } else {
            guard create else { throw MemcgError(.ENOENT, "no file '\(name)' on \(superblock)") }
            file = CachedFile(mapping: nextMapping, name: name, superblock: superblock)
            nextMapping += 1
            byName[key] = file
            byMapping[file.mapping] = file
        }
        var count = bytes / PageSize.bytes + (bytes % PageSize.bytes == 0 ? 0 : 1)
        if !create { count = Swift.min(count, file.pages.count) }
        return (file, count)
    }

    /// One page of an access: accessed if cached, else read in (a refault
    /// where its shadow is). A file unlinked while the access was under
    /// way gets no more pages: the model has no open file to keep its
    /// page cache until the last close, so the rest of the access is lost.
    func accessPage(_ file: CachedFile, index: Int, write: Bool, memcg: MemCgroup, node: Int) throws(MemcgError) {
        guard byMapping[file.mapping] === file else { return }
        let lru = controller.pages
        if index < file.pages.count, file.pages[index] != PageRecord.none {
            let id = file.pages[index]
            lru.markAccessed(id)
            if write { lru.markDirty(id) }
            return
        }
        let id = try lru.allocatePage(memcg: memcg, node: node, kind: .file(dirty: write),
                                      mapping: file.mapping, index: UInt32(index))
        if index >= file.pages.count {
            file.pages.append(contentsOf: repeatElement(PageRecord.none, count: index + 1 - file.pages.count))
        }
        file.pages[index] = id
        if let shadow = file.shadows.removeValue(forKey: UInt32(index)) { lru.refault(id, shadow: shadow) }
    }

    /// unlink: truncates the file, freeing and uncharging its pages.
    package func unlink(_ name: String, superblock: String) throws(MemcgError) {
        guard let file = byName.removeValue(forKey: superblock + "/" + name) else {
            throw MemcgError(.ENOENT, "no file '\(name)' on \(superblock)")
        }
        truncate(file)
    }

    /// Drops every file of a superblock (umount).
    package func dropSuperblock(_ superblock: String) {
        for (key, file) in byName where file.superblock == superblock {
            byName[key] = nil
            truncate(file)
        }
    }

    private func truncate(_ file: CachedFile) {
        byMapping[file.mapping] = nil
        let lru = controller.pages
        for id in file.pages where id != PageRecord.none {
            lru.endWriteback(id)  // truncation waits for writeback to finish
            lru.freePage(id)
        }
        file.pages = []
        file.shadows = [:]
    }
}
