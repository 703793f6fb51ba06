/// A list_lru (`struct list_lru`): per NUMA node, and for a memcg-aware
/// one per memcg, a list of reclaimable objects (unused dentries, inodes)
/// with exact counts, which a shrinker walks to free them.
///
/// An item goes on the list of its memcg on its node; the caller passes
/// both, read from the object's slab as `list_lru_add_obj()` does. A memcg
/// whose lists were reparented at offline resolves to its nearest ancestor
/// that still has lists, the root's list last: the kernel gets there by
/// rewriting `kmemcg_id` (eager) or by finding the list gone (lazy).
///
/// How per-memcg lists are allocated is the design's `listLRU` knob, whose
/// variant the list_lru holds as its `index`:
/// - eager: at init and whenever the kmemcg cache ID arrays grow, one
///   32-byte kmalloc'ed list per cache ID per node (`EagerListLRUIndex`);
/// - lazy: with the first object a memcg allocates for this list_lru, by
///   `prepareLists(for:)`, and freed at offline (`LazyListLRUIndex`).
///
/// The walk's isolate callback must not add or delete items on the list_lru
/// being walked (the kernel holds its lock); it answers what to do instead.
public final class ListLRU {
    public let name: String
    let isMemcgAware: Bool
    public let nodes: Int
    /// The memcg-aware shrinker whose bit the lists set when they go from
    /// empty to non-empty (`lru->shrinker_id`).
    package let shrinkerID: Int?
    var isDestroyed: Bool { state.pointee.isDestroyed }

    unowned let registry: ListLRURegistry
    /// How per-memcg lists are found and allocated (the `listLRU` design).
    let index: ListLRUIndex
    /// The kmalloc'ed `list_lru_node` array.
    @exclusivity(unchecked) var nodeArray: SlabObject?
    var walking: Bool {
        get { state.pointee.walking }
        set { state.pointee.walking = newValue }
    }

    /// The tables, reached through this pointer directly on every path
    /// (not through an accessor, which would copy the struct's arrays).
    let state: UnsafeMutablePointer<ListLRUTables>

    init(registry: ListLRURegistry, name: String, memcgAware: Bool, shrinkerID: Int?) {
        self.registry = registry
        self.name = name
        self.isMemcgAware = memcgAware
        self.nodes = registry.controller.kernel.nodes
        self.shrinkerID = memcgAware ? shrinkerID : nil
        self.index = registry.index
        state = .allocate(capacity: 1)
        state.initialize(to: ListLRUTables(nodes: nodes))
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: Add and delete

    /// `list_lru_add()`: puts the item at the tail of the list of `memcg`
    /// (nil or the root: the root list) on `node`. Returns false if it is
    /// already on a list. Setting the shrinker bit when the list goes from
    /// empty to non-empty is what lets memcg reclaim find it.
    @discardableResult
    @inline(__always)
    public func add(_ item: ListLRUItem, node: Int, memcg: MemCgroup?) -> Bool {
        precondition(node >= 0 && node < nodes, "list_lru \(name): node \(node) out of range")
        guard usable("add") else { return false }
        let i = Int(item.index)
        if i >= state.pointee.links.count { growLinks(toInclude: i) }
        guard state.pointee.links[i].record == ListLRULink.none else { return false }
        let (r, own) = resolve(node: node, memcg: memcg, materialize: true)
        if _slowPath(!own && index.freesListsAtOffline && isMemcgAware), let memcg, !memcg.isRoot, memcg.state.isOnline {
            missingList(memcg)
        }
        let tail = state.pointee.records[r].tail
        state.pointee.links[i] = ListLRULink(prev: tail, next: ListLRULink.none, record: UInt32(r))
        if tail == ListLRULink.none {
            state.pointee.records[r].head = item.index
        } else {
            state.pointee.links[Int(tail)].next = item.index
        }
        state.pointee.records[r].tail = item.index
        state.pointee.records[r].count &+= 1
        state.pointee.nodeCounts[node] &+= 1
        if _slowPath(state.pointee.records[r].count == 1), let shrinkerID,
           let owner = own ? memcg : owner(node: node, memcg: memcg) {
            registry.shrinkers.setBit(owner, node: node, shrinkerID: shrinkerID)
        }
        return true
    }

    /// `list_lru_del()`: takes the item off its list. Returns false if it
    /// is on none. The list is found again from `memcg` and `node`, as the
    /// kernel does; a mismatch with where the item is is a model violation.
    @discardableResult
    @inline(__always)
    public func delete(_ item: ListLRUItem, node: Int, memcg: MemCgroup?) -> Bool {
        precondition(node >= 0 && node < nodes, "list_lru \(name): node \(node) out of range")
        guard usable("delete") else { return false }
        let i = Int(item.index)
        guard i < state.pointee.links.count, state.pointee.links[i].record != ListLRULink.none else { return false }
        let r = Int(state.pointee.links[i].record)
        let expected = resolve(node: node, memcg: memcg, materialize: false).record
        if expected != r { mislisted(item, expected: expected, actual: r) }
        unlink(i)
        return true
    }

    /// Whether the item is on one of this list_lru's lists.
    package func contains(_ item: ListLRUItem) -> Bool {
        let i = Int(item.index)
        return i < state.pointee.links.count && state.pointee.links[i].record != ListLRULink.none
    }

    // MARK: Counts

    /// `list_lru_count_one()`: items on the list `memcg` resolves to on `node`.
    public func count(node: Int, memcg: MemCgroup?) -> Int {
        precondition(node >= 0 && node < nodes, "list_lru \(name): node \(node) out of range")
        guard !isDestroyed else { return 0 }
        let r = resolve(node: node, memcg: memcg, materialize: false).record
        return r < 0 ? 0 : Int(state.pointee.records[r].count)
    }

    /// `list_lru_count_node()`: items on `node`, every memcg together.
    public func count(node: Int) -> Int { isDestroyed ? 0 : state.pointee.nodeCounts[node] }

    /// Items on every list.
    public var count: Int { (0..<state.pointee.nodeCounts.count).reduce(0) { $0 + state.pointee.nodeCounts[$1] } }

    // MARK: Per-memcg lists

    /// `memcg_list_lru_alloc()`, the part of `kmem_cache_alloc_lru()` that
    /// runs before the object is allocated: makes sure `memcg` and every
    /// ancestor have their lists on this list_lru (lazy; eager lists exist
    /// for every cache ID already). Does nothing for the root or for a
    /// list_lru that is not memcg-aware. Throws ENOMEM if an allocation fails.
    public func prepareLists(for memcg: MemCgroup?) throws(MemcgError) {
        guard isMemcgAware, !isDestroyed, let memcg, !memcg.isRoot else { return }
        try index.prepareLists(self, for: memcg)
    }

    /// Whether `memcg` has lists of its own on this list_lru (lazy), or a
    /// cache ID slot (eager).
    package func hasLists(for memcg: MemCgroup) -> Bool {
        guard isMemcgAware, !isDestroyed, !memcg.isRoot, !memcg.listLRUsReparented else { return false }
        return index.hasLists(self, for: memcg)
    }

    // MARK: Internals shared by the designs

    /// The record `memcg`'s items on `node` go to now. Without
    /// `materialize`, an eager list that never held an item answers -1 (it
    /// is empty). `own` says whether it is `memcg`'s own list; otherwise
    /// `resolveUpwards` names the owner.
    @inline(__always)
    func resolve(node: Int, memcg: MemCgroup?, materialize: Bool) -> (record: Int, own: Bool) {
        guard isMemcgAware, let memcg else { return (node, false) }
        var key = memcg.listLRUKey.pointer.pointee.key
        if _slowPath(key == MemcgListLRUKey.unknown) { key = computeKey(memcg) }
        if key >= 0, let r = index.record(self, node: node, key: Int(key), materialize: materialize) {
            return (r, true)
        }
        return (resolveUpwards(node: node, memcg: memcg, materialize: materialize).record, false)
    }

    /// The index the design finds `memcg`'s lists by, cached in the memcg.
    @inline(never)
    func computeKey(_ memcg: MemCgroup) -> Int32 {
        let key: Int32
        if memcg.isRoot || memcg.listLRUsReparented {
            key = -1
        } else {
            key = index.key(of: memcg)
        }
        memcg.listLRUKey.pointer.pointee.key = key
        return key
    }

    /// The nearest ancestor-or-self with lists of its own, and that memcg;
    /// the root's list (owner nil) last.
    @inline(never)
    func resolveUpwards(node: Int, memcg: MemCgroup, materialize: Bool) -> (record: Int, owner: MemCgroup?) {
        var m = memcg
        while !m.isRoot {
            var key = m.listLRUKey.pointer.pointee.key
            if key == MemcgListLRUKey.unknown { key = computeKey(m) }
            if key >= 0, let r = index.record(self, node: node, key: Int(key), materialize: materialize) {
                return (r, m)
            }
            m = m.parent!
        }
        return (node, nil)
    }

    /// The memcg whose list `memcg`'s items on `node` go to (nil: the root's).
    func owner(node: Int, memcg: MemCgroup?) -> MemCgroup? {
        guard isMemcgAware, let memcg else { return nil }
        return resolveUpwards(node: node, memcg: memcg, materialize: false).owner
    }

    @inline(__always)
    func unlink(_ i: Int) {
        let link = state.pointee.links[i]
        let r = Int(link.record)
        if link.prev == ListLRULink.none {
            state.pointee.records[r].head = link.next
        } else {
            state.pointee.links[Int(link.prev)].next = link.next
        }
        if link.next == ListLRULink.none {
            state.pointee.records[r].tail = link.prev
        } else {
            state.pointee.links[Int(link.next)].prev = link.prev
        }
        state.pointee.links[i] = ListLRULink()
        state.pointee.records[r].count &-= 1
        state.pointee.nodeCounts[Int(state.pointee.records[r].node)] &-= 1
    }

    func newRecord(key: Int32, node: Int, handle: UInt64) -> Int {
        let record = ListLRURecord(key: key, node: node, handle: handle)
        if let free = state.pointee.freeRecords.popLast() {
            state.pointee.records[Int(free)] = record
            return Int(free)
        }
        state.pointee.records.append(record)
        return state.pointee.records.count - 1
    }

    func growLinks(toInclude i: Int) {
        precondition(i < Int(ListLRULink.none), "list_lru \(name): item index \(i) too large")
        let wanted = max(i + 1, state.pointee.links.count * 2, 64)
        state.pointee.links.append(repeating: ListLRULink(), count: wanted - state.pointee.links.count)
    }

    /// Whether the list_lru may be changed now; reports why not.
    @inline(__always)
    private func usable(_ operation: StaticString) -> Bool {
        guard _slowPath(state.pointee.isDestroyed || state.pointee.walking) else { return true }
        refuse(operation)
        return false
    }

    @inline(never)
    private func refuse(_ operation: StaticString) {
        if isDestroyed {
            registry.report(ModelViolation("list_lru-use-after-destroy", "\(operation) on destroyed list_lru \(name)"))
        } else {
            registry.report(ModelViolation("list_lru-walk", "\(operation) on list_lru \(name) from inside its own walk"))
        }
    }

    private func missingList(_ memcg: MemCgroup) {
        registry.report(ModelViolation("list_lru-no-list",
            "\(name): add for online cgroup \(memcg.path) that has no list (allocate objects with prepareLists first)"))
    }

    private func mislisted(_ item: ListLRUItem, expected: Int, actual: Int) {
        registry.report(ModelViolation("list_lru-mislisted",
            "\(name): \(item) is on list \(describe(record: actual)) but its memcg and node resolve to \(expected < 0 ? "an empty list" : describe(record: expected))"))
    }

    func describe(record r: Int) -> String {
        let rec = state.pointee.records[r]
        return rec.key < 0 ? "root/node \(rec.node)" : "\(index.keyName) \(rec.key)/node \(rec.node)"
    }
}
