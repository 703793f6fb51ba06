/// The LRU lists of one memcg on one NUMA node (`struct lruvec`): five
/// doubly linked lists threaded through the page records, their sizes,
/// and the workingset clock.
///
/// Lists are kept head (most recently added) to tail (next to scan), as
/// the kernel's `list_add` and `lru_to_folio` use them.
package struct Lruvec: Sendable {
    var heads: InlineArray<5, PageID> = .init(repeating: PageRecord.none)
    var tails: InlineArray<5, PageID> = .init(repeating: PageRecord.none)
    /// Pages on each list (`lru_zone_size`, one zone per node here).
    package internal(set) var sizes: InlineArray<5, Int> = .init(repeating: 0)
    /// Pages isolated from these lists by reclaim (`NR_ISOLATED_ANON/FILE`).
    package internal(set) var isolated: InlineArray<2, Int> = .init(repeating: 0)
    /// `lruvec->nonresident_age`: ticks with every eviction and activation,
    /// here and below; a refault compares it with the shadow's.
    var nonresidentAge: UInt64 = 0

    package func size(_ list: LRUList) -> Int { sizes[list.rawValue] }

    /// Makes `id` the head of list `l` (`list_add`); returns the old head
    /// (`PageRecord.none` if the list was empty, and then `id` is also its tail).
    @inline(__always)
    mutating func pushHead(_ id: PageID, list l: Int) -> PageID {
        let oldHead = heads[l]
        if oldHead == PageRecord.none { tails[l] = id }
        heads[l] = id
        sizes[l] += 1
        return oldHead
    }

    /// Unlinks a page whose neighbours are `prev` and `next` from list `l`
    /// at the ends it occupies (`list_del`; the records' links are the caller's).
    @inline(__always)
    mutating func unlink(prev: PageID, next: PageID, list l: Int) {
        if prev == PageRecord.none { heads[l] = next }
        if next == PageRecord.none { tails[l] = prev }
        sizes[l] -= 1
    }

    /// Pages on the evictable lists.
    var evictable: Int { sizes[0] + sizes[1] + sizes[2] + sizes[3] }
    /// Pages on every list.
    package var total: Int { evictable + sizes[4] }
}
