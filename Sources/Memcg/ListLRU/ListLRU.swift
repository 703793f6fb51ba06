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
/// How per-memcg lists are allocated is the design's `listLRU` knob:
/// - eager: at init and whenever the kmemcg cache ID arrays grow, one
///   32-byte kmalloc'ed list per cache ID per node (`ListLRU+Eager.swift`);
/// - lazy: with the first object a memcg allocates for this list_lru, by
///   `prepareLists(for:)`, and freed at offline (`ListLRU+Lazy.swift`).
///
/// The walk's isolate callback must not add or delete items on the list_lru
/// being walked (the kernel holds its lock); it answers what to do instead.
public final class ListLRU {
    public let name: String
    public let isMemcgAware: Bool
    public let nodes: Int
    /// The memcg-aware shrinker whose bit the lists set when they go from
    /// empty to non-empty (`lru->shrinker_id`).
    public let shrinkerID: Int?
    public internal(set) var isDestroyed = false

    unowned let registry: ListLRURegistry
    let design: ListLRUDesign
    /// The kmalloc'ed `list_lru_node` array.
    var nodeArray: SlabObject?
    var walking = false

    private let state: UnsafeMutablePointer<ListLRUTables>
    var t: ListLRUTables {
        _read { yield state.pointee }
        _modify { yield &state.pointee }
    }

    init(registry: ListLRURegistry, name: String, memcgAware: Bool, shrinkerID: Int?) {
        self.registry = registry
        self.name = name
        self.isMemcgAware = memcgAware
        self.nodes = registry.controller.kernel.nodes
        self.shrinkerID = memcgAware ? shrinkerID : nil
        self.design = registry.design
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
        if i >= t.links.count { growLinks(toInclude: i) }
        guard t.links[i].record == ListLRULink.none else { return false }
        let (r, owner) = resolve(node: node, memcg: memcg, materialize: true)
        if design == .lazy, isMemcgAware, let memcg, owner !== memcg, !memcg.isRoot, memcg.state == .online {
            missingList(memcg)
        }
        let tail = t.records[r].tail
        t.links[i] = ListLRULink(prev: tail, next: ListLRULink.none, record: UInt32(r))
        if tail == ListLRULink.none {
            t.records[r].head = item.index
        } else {
            t.links[Int(tail)].next = item.index
        }
        t.records[r].tail = item.index
        t.records[r].count &+= 1
        t.nodeCounts[node] &+= 1
        if t.records[r].count == 1, let owner, let shrinkerID {
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
        guard i < t.links.count, t.links[i].record != ListLRULink.none else { return false }
        let r = Int(t.links[i].record)
        let expected = resolve(node: node, memcg: memcg, materialize: false).record
        if expected != r { mislisted(item, expected: expected, actual: r) }
        unlink(i)
        return true
    }

    /// Whether the item is on one of this list_lru's lists.
    public func contains(_ item: ListLRUItem) -> Bool {
        let i = Int(item.index)
        return i < t.links.count && t.links[i].record != ListLRULink.none
    }

    // MARK: Counts

    /// `list_lru_count_one()`: items on the list `memcg` resolves to on `node`.
    public func count(node: Int, memcg: MemCgroup?) -> Int {
        precondition(node >= 0 && node < nodes, "list_lru \(name): node \(node) out of range")
        guard !isDestroyed else { return 0 }
        let r = resolve(node: node, memcg: memcg, materialize: false).record
        return r < 0 ? 0 : Int(t.records[r].count)
    }

    /// `list_lru_count_node()`: items on `node`, every memcg together.
    public func count(node: Int) -> Int { isDestroyed ? 0 : t.nodeCounts[node] }

    /// Items on every list.
    public var count: Int { t.nodeCounts.reduce(0, +) }

    // MARK: Internals shared by the designs

    /// The record `memcg`'s items on `node` go to now, and the memcg that
    /// owns it (nil for the root list). Without `materialize`, an eager list
    /// that never held an item answers -1 (it is empty).
    @inline(__always)
    func resolve(node: Int, memcg: MemCgroup?, materialize: Bool) -> (record: Int, owner: MemCgroup?) {
        guard isMemcgAware, var m = memcg else { return (node, nil) }
        while let parent = m.parent {
            if !m.listLRUsReparented {
                switch design {
                case .eager:
                    if let id = m.cacheID { return (eagerRecord(node: node, cacheID: id, materialize: materialize), m) }
                case .lazy:
                    if let first = t.map.value(m.id) { return (Int(first) + node, m) }
                }
            }
            m = parent
        }
        return (node, nil)
    }

    @inline(__always)
    func unlink(_ i: Int) {
        let link = t.links[i]
        let r = Int(link.record)
        if link.prev == ListLRULink.none {
            t.records[r].head = link.next
        } else {
            t.links[Int(link.prev)].next = link.next
        }
        if link.next == ListLRULink.none {
            t.records[r].tail = link.prev
        } else {
            t.links[Int(link.next)].prev = link.prev
        }
        t.links[i] = ListLRULink()
        t.records[r].count &-= 1
        t.nodeCounts[Int(t.records[r].node)] &-= 1
    }

    func newRecord(key: Int32, node: Int, handle: UInt64) -> Int {
        let record = ListLRURecord(key: key, node: node, handle: handle)
        if let free = t.freeRecords.popLast() {
            t.records[Int(free)] = record
            return Int(free)
        }
        t.records.append(record)
        return t.records.count - 1
    }

    func growLinks(toInclude i: Int) {
        precondition(i < Int(ListLRULink.none), "list_lru \(name): item index \(i) too large")
        let wanted = max(i + 1, t.links.count * 2, 64)
        t.links.append(contentsOf: repeatElement(ListLRULink(), count: wanted - t.links.count))
    }

    private func usable(_ operation: String) -> Bool {
        if isDestroyed {
            registry.report(ModelViolation("list_lru-use-after-destroy", "\(operation) on destroyed list_lru \(name)"))
            return false
        }
        if walking {
            registry.report(ModelViolation("list_lru-walk", "\(operation) on list_lru \(name) from inside its own walk"))
            return false
        }
        return true
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
        let rec = t.records[r]
        return rec.key < 0 ? "root/node \(rec.node)" : "\(design == .eager ? "cache ID" : "memcg ID") \(rec.key)/node \(rec.node)"
    }
}
