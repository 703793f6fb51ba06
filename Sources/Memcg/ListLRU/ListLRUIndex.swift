/// How a memcg-aware list_lru finds, allocates and frees its per-memcg
/// lists: the part of a list_lru that differs between the designs of the
/// `listLRU` knob. `EagerListLRUIndex` (by kmemcg cache ID, every list up
/// front, 3.19 to 5.17) and `LazyListLRUIndex` (by memcg ID in a sparse
/// map, lists with the first object, 5.18 on) implement it; the registry
/// picks one when it is built and every list_lru holds it as a
/// `ListLRUIndex`.
///
/// The variants keep their tables in the list_lru's `ListLRUTables` and
/// take the list_lru as an argument, so that the add and delete paths
/// reach everything through one pointer.
protocol ListLRUIndexing {
    /// What a list's key names, for messages ("cache ID", "memcg ID").
    var keyName: String { get }

    /// Whether every memcg-aware list_lru has a list for every key from its
    /// creation on (allocated at init, grown with the cache ID arrays).
    var allocatesListsUpFront: Bool { get }

    /// Whether a memcg's lists are freed when it goes offline and so must
    /// be allocated (by `prepareLists`) before one of its objects is added:
    /// an online memcg with none is a caller bug, and a list whose memcg
    /// is gone is dead even when empty.
    var freesListsAtOffline: Bool { get }

    /// The key `memcg`'s lists are found by (it is not the root and not
    /// reparented), or -1 if it has none.
    func key(of memcg: MemCgroup) -> Int32

    /// The record of the list with key `key` on `node`, or nil if the
    /// list_lru has no list for it (then the memcg resolves upwards).
    /// Without `materialize`, a list that exists but never held an item
    /// may answer -1 (it is empty).
    func record(_ lru: ListLRU, node: Int, key: Int, materialize: Bool) -> Int?

    /// `list_lru_init_memcg()`'s per-memcg part: lists for `size` keys.
    func allocateLists(_ lru: ListLRU, size: Int) throws(MemcgError)

    /// `memcg_update_list_lru()`: room and lists for `size` keys.
    func grow(_ lru: ListLRU, to size: Int)

    /// `memcg_list_lru_alloc()`: lists for `memcg` and its ancestors.
    func prepareLists(_ lru: ListLRU, for memcg: MemCgroup) throws(MemcgError)

    /// Whether `memcg` (not the root, not reparented) has lists of its own.
    func hasLists(_ lru: ListLRU, for memcg: MemCgroup) -> Bool

    /// The offline step for one list_lru: `memcg`'s items spliced into the
    /// lists `parent` resolves to. Returns the number of items moved.
    func reparent(_ lru: ListLRU, _ memcg: MemCgroup, to parent: MemCgroup) -> Int

    /// `memcg_destroy_list_lru()`: frees every per-memcg list and array.
    func release(_ lru: ListLRU)

    /// Records of the memcg lists on `node` that exist in the model, by
    /// ascending key.
    func memcgRecords(_ lru: ListLRU, node: Int) -> [Int]

    /// Lists the design holds for memcgs.
    func allocatedLists(_ lru: ListLRU) -> Int

    /// Memcg IDs with lists in a sparse map, ascending (none for eager).
    func mappedMemcgIDs(_ lru: ListLRU) -> [Int]

    /// The design's own consistency rules, given the owners of the keys.
    func checkInvariants(_ lru: ListLRU, owners: [Int: MemCgroup]) -> [ModelViolation]
}

/// The chosen variant, as an enum with the variant as payload: the add and
/// delete paths switch on it inline where a protocol existential would
/// cost a witness-table call on every item.
enum ListLRUIndex: ListLRUIndexing {
    case eager(EagerListLRUIndex)
    case lazy(LazyListLRUIndex)

    var keyName: String {
        switch self {
        case .eager(let index): return index.keyName
        case .lazy(let index): return index.keyName
        }
    }

    var allocatesListsUpFront: Bool {
        switch self {
        case .eager(let index): return index.allocatesListsUpFront
        case .lazy(let index): return index.allocatesListsUpFront
        }
    }

    var freesListsAtOffline: Bool {
        @inline(__always) get {
            switch self {
            case .eager(let index): return index.freesListsAtOffline
            case .lazy(let index): return index.freesListsAtOffline
            }
        }
    }

    func key(of memcg: MemCgroup) -> Int32 {
        switch self {
        case .eager(let index): return index.key(of: memcg)
        case .lazy(let index): return index.key(of: memcg)
        }
    }

    @inline(__always)
    func record(_ lru: ListLRU, node: Int, key: Int, materialize: Bool) -> Int? {
        switch self {
        case .eager(let index): return index.record(lru, node: node, key: key, materialize: materialize)
        case .lazy(let index): return index.record(lru, node: node, key: key, materialize: materialize)
        }
    }

    func allocateLists(_ lru: ListLRU, size: Int) throws(MemcgError) {
        switch self {
        case .eager(let index): try index.allocateLists(lru, size: size)
        case .lazy(let index): try index.allocateLists(lru, size: size)
        }
    }

    func grow(_ lru: ListLRU, to size: Int) {
        switch self {
        case .eager(let index): index.grow(lru, to: size)
        case .lazy(let index): index.grow(lru, to: size)
        }
    }

    func prepareLists(_ lru: ListLRU, for memcg: MemCgroup) throws(MemcgError) {
        switch self {
        case .eager(let index): try index.prepareLists(lru, for: memcg)
        case .lazy(let index): try index.prepareLists(lru, for: memcg)
        }
    }

    func hasLists(_ lru: ListLRU, for memcg: MemCgroup) -> Bool {
        switch self {
        case .eager(let index): return index.hasLists(lru, for: memcg)
        case .lazy(let index): return index.hasLists(lru, for: memcg)
        }
    }

    func reparent(_ lru: ListLRU, _ memcg: MemCgroup, to parent: MemCgroup) -> Int {
        switch self {
        case .eager(let index): return index.reparent(lru, memcg, to: parent)
        case .lazy(let index): return index.reparent(lru, memcg, to: parent)
        }
    }

    func release(_ lru: ListLRU) {
        switch self {
        case .eager(let index): index.release(lru)
        case .lazy(let index): index.release(lru)
        }
    }

    func memcgRecords(_ lru: ListLRU, node: Int) -> [Int] {
        switch self {
        case .eager(let index): return index.memcgRecords(lru, node: node)
        case .lazy(let index): return index.memcgRecords(lru, node: node)
        }
    }

    func allocatedLists(_ lru: ListLRU) -> Int {
        switch self {
        case .eager(let index): return index.allocatedLists(lru)
        case .lazy(let index): return index.allocatedLists(lru)
        }
    }

    func mappedMemcgIDs(_ lru: ListLRU) -> [Int] {
        switch self {
        case .eager(let index): return index.mappedMemcgIDs(lru)
        case .lazy(let index): return index.mappedMemcgIDs(lru)
        }
    }

    func checkInvariants(_ lru: ListLRU, owners: [Int: MemCgroup]) -> [ModelViolation] {
        switch self {
        case .eager(let index): return index.checkInvariants(lru, owners: owners)
        case .lazy(let index): return index.checkInvariants(lru, owners: owners)
        }
    }
}
