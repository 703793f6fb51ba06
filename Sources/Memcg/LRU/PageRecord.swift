/// The handle of a page in the `PageTable`: an index, never a pointer, so
/// that a record costs its own bytes and nothing else.
public typealias PageID = UInt32

/// The LRU lists of an lruvec (`enum lru_list`), in the kernel's order.
public enum LRUList: Int, CaseIterable, Sendable {
    case inactiveAnon, activeAnon, inactiveFile, activeFile, unevictable

    /// The inactive/active pair a list belongs to (nil for unevictable).
    public var isFile: Bool { self == .inactiveFile || self == .activeFile }
    public var isActive: Bool { self == .activeAnon || self == .activeFile }
    public var isEvictable: Bool { self != .unevictable }

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
public struct PageFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// PG_lru: on one of its lruvec's lists.
    public static let lru = PageFlags(rawValue: 1 << 0)
    /// PG_active.
    public static let active = PageFlags(rawValue: 1 << 1)
    /// PG_referenced: seen once by mark_page_accessed.
    public static let referenced = PageFlags(rawValue: 1 << 2)
    /// A young page-table entry maps it (what folio_referenced finds).
    public static let young = PageFlags(rawValue: 1 << 3)
    /// PG_dirty.
    public static let dirty = PageFlags(rawValue: 1 << 4)
    /// PG_writeback.
    public static let writeback = PageFlags(rawValue: 1 << 5)
    /// PG_unevictable / mlocked.
    public static let unevictable = PageFlags(rawValue: 1 << 6)
    /// PG_swapbacked: anonymous (or shmem) memory.
    public static let swapBacked = PageFlags(rawValue: 1 << 7)
    /// Taken off its list by reclaim (isolate_lru_folios), not yet put back.
    public static let isolated = PageFlags(rawValue: 1 << 8)
    /// In a CPU's add batch, charged but on no list yet.
    public static let batched = PageFlags(rawValue: 1 << 9)
    /// Swapped out: the record stands for a swap entry, no frame is held.
    public static let swapped = PageFlags(rawValue: 1 << 10)
    /// A page-cache page (file-backed; anon otherwise).
    public static let file = PageFlags(rawValue: 1 << 11)
    /// PG_workingset: refaulted while its distance said it was hot.
    public static let workingset = PageFlags(rawValue: 1 << 12)
    /// Freed by its owner while reclaim held it isolated: reclaim frees it
    /// when it would have put it back (the last `folio_put`).
    public static let freeOnPutback = PageFlags(rawValue: 1 << 13)
    /// The record is in use (a free record has none of the other flags).
    public static let allocated = PageFlags(rawValue: 1 << 15)
}

/// One simulated page (`struct folio` of order 0), as a 28-byte record in
/// a flat table.
///
/// `prev`/`next` link it into one list of its lruvec (or the table's free
/// list); `owner` is the memcg's LRU slot (`MemcgLRUState.slot`), which
/// stands for `folio->memcg_data`; `mapping` and `index` say what it
/// caches (a file and offset, or an address space and position);
/// `swapSlot` is its swap entry once swapped out.
public struct PageRecord: Sendable {
    public var prev: PageID
    public var next: PageID
    public var owner: UInt32
    public var mapping: UInt32
    public var index: UInt32
    public var swapSlot: UInt32
    public var flags: PageFlags
    public var node: UInt16

    /// No page: the end of a list.
    public static let none: PageID = .max
    /// No swap entry.
    public static let noSwap: UInt32 = .max

    static let free = PageRecord(prev: none, next: none, owner: 0, mapping: 0, index: 0, swapSlot: noSwap, flags: [], node: 0)

    public var isFile: Bool { flags.contains(.file) }

    /// The list this page belongs on when put back on the LRU.
    var homeList: LRUList {
        if flags.contains(.unevictable) { return .unevictable }
        return LRUList.list(file: isFile, active: flags.contains(.active))
    }
}
