/// The handle of a page in the `PageTable`: an index, never a pointer, so
/// that a record costs its own bytes and nothing else.
public typealias PageID = UInt32

/// The LRU lists of an lruvec (`enum lru_list`), in the kernel's order.
package enum LRUList: Int, CaseIterable, Sendable {
    case inactiveAnon, activeAnon, inactiveFile, activeFile, unevictable

    /// The inactive/active pair a list belongs to (nil for unevictable).
    var isFile: Bool { self == .inactiveFile || self == .activeFile }
    package var isActive: Bool { self == .activeAnon || self == .activeFile }

    /// The list a page of this kind sits on when active or inactive.
    static func list(file: Bool, active: Bool) -> LRUList {
        switch (file, active) {
        case (false, false): return .inactiveAnon
        case (false, true): return .activeAnon
        case (true, false): return .inactiveFile
        case (true, true): return .activeFile
        }
    }

    /// The memory.stat item that counts pages on this list.
    var statItem: MemcgStatItem {
        switch self {
        case .inactiveAnon: return .inactiveAnon
        case .activeAnon: return .activeAnon
        case .inactiveFile: return .inactiveFile
        case .activeFile: return .activeFile
        case .unevictable: return .unevictable
        }
    }
}

/// The page flags the model keeps (a subset of `enum pageflags`).
package struct PageFlags: OptionSet, Hashable, Sendable {
    package let rawValue: UInt16
    package init(rawValue: UInt16) { self.rawValue = rawValue }

    /// PG_lru: on one of its lruvec's lists.
    package static let lru = PageFlags(rawValue: 1 << 0)
    /// PG_active.
    package static let active = PageFlags(rawValue: 1 << 1)
    /// PG_referenced: seen once by mark_page_accessed.
    package static let referenced = PageFlags(rawValue: 1 << 2)
    /// A young page-table entry maps it (what folio_referenced finds).
    static let young = PageFlags(rawValue: 1 << 3)
    /// PG_dirty.
    package static let dirty = PageFlags(rawValue: 1 << 4)
    /// PG_writeback.
    static let writeback = PageFlags(rawValue: 1 << 5)
    /// PG_unevictable / mlocked.
    package static let unevictable = PageFlags(rawValue: 1 << 6)
    /// PG_swapbacked: anonymous (or shmem) memory.
    static let swapBacked = PageFlags(rawValue: 1 << 7)
    /// Taken off its list by reclaim (isolate_lru_folios), not yet put back.
    package static let isolated = PageFlags(rawValue: 1 << 8)
    /// In a CPU's add batch, charged but on no list yet.
    static let batched = PageFlags(rawValue: 1 << 9)
    /// Swapped out: the record stands for a swap entry, no frame is held.
    static let swapped = PageFlags(rawValue: 1 << 10)
    /// A page-cache page (file-backed; anon otherwise).
    package static let file = PageFlags(rawValue: 1 << 11)
    /// PG_workingset: refaulted while its distance said it was hot.
    static let workingset = PageFlags(rawValue: 1 << 12)
    /// Freed by its owner while reclaim held it isolated: reclaim frees it
    /// when it would have put it back (the last `folio_put`).
    static let freeOnPutback = PageFlags(rawValue: 1 << 13)
    /// The record is in use (a free record has none of the other flags).
    static let allocated = PageFlags(rawValue: 1 << 15)
}

/// One simulated page (`struct folio` of order 0), as a 28-byte record in
/// a flat table.
///
/// `prev`/`next` link it into one list of its lruvec (or the table's free
/// list); `owner` is the memcg's LRU slot (`MemcgLRUState.slot`), which
/// stands for `folio->memcg_data`; `mapping` and `index` say what it
/// caches (a file and offset, or an address space and position);
/// `swapSlot` is its swap entry once swapped out.
package struct PageRecord: Sendable {
    var prev: PageID
    package var next: PageID
    package var owner: UInt32
    package var mapping: UInt32
    package var index: UInt32
    var swapSlot: UInt32
    package var flags: PageFlags
    package var node: UInt16

    /// No page: the end of a list.
    package static let none: PageID = .max
    /// No swap entry.
    static let noSwap: UInt32 = .max

    static let free = PageRecord(prev: none, next: none, owner: 0, mapping: 0, index: 0, swapSlot: noSwap, flags: [], node: 0)

    var isFile: Bool { flags.contains(.file) }

    /// The list this page belongs on when put back on the LRU.
    var homeList: LRUList {
        if flags.contains(.unevictable) { return .unevictable }
        return LRUList.list(file: isFile, active: flags.contains(.active))
    }
}
