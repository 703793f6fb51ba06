/// The LRU lists of one memcg on one NUMA node (`struct lruvec`): five
/// doubly linked lists threaded through the page records, their sizes,
/// and the workingset clock.
///
/// Lists are kept head (most recently added) to tail (next to scan), as
/// the kernel's `list_add` and `lru_to_folio` use them.
public struct Lruvec: Sendable {
    var heads: InlineArray<5, PageID> = .init(repeating: PageRecord.none)
    var tails: InlineArray<5, PageID> = .init(repeating: PageRecord.none)
    /// Pages on each list (`lru_zone_size`, one zone per node here).
    public internal(set) var sizes: InlineArray<5, Int> = .init(repeating: 0)
    /// Pages isolated from these lists by reclaim (`NR_ISOLATED_ANON/FILE`).
    public internal(set) var isolated: InlineArray<2, Int> = .init(repeating: 0)
    /// `lruvec->nonresident_age`: ticks with every eviction and activation,
    /// here and below; a refault compares it with the shadow's.
    public internal(set) var nonresidentAge: UInt64 = 0

    public func size(_ list: LRUList) -> Int { sizes[list.rawValue] }

    /// Pages on the evictable lists.
    public var evictable: Int { sizes[0] + sizes[1] + sizes[2] + sizes[3] }
    /// Pages on every list.
    public var total: Int { evictable + sizes[4] }
}
