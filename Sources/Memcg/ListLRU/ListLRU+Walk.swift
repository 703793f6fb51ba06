// Walking a list with an isolate callback: list_lru_walk_one() and
// list_lru_walk_node().

extension ListLRU {
    /// `list_lru_walk_one()`: shows the items of the list `memcg` resolves
    /// to on `node` to `isolate`, head first, while `budget` lasts (each
    /// visit costs one, retries included). Returns how many were removed.
    @discardableResult
    package func walk(node: Int, memcg: MemCgroup?, budget: inout Int,
                     _ isolate: (ListLRUItem) -> ListLRUWalkAnswer) -> Int {
        precondition(node >= 0 && node < nodes, "list_lru \(name): node \(node) out of range")
        guard !isDestroyed, !walking else { return 0 }
        let r = resolve(node: node, memcg: memcg, materialize: false).record
        guard r >= 0 else { return 0 }
        return walk(record: r, budget: &budget, isolate)
    }

    /// `list_lru_walk_node()`: the root list, then every memcg's list on
    /// the node (by ascending ID), while `budget` lasts.
    @discardableResult
    package func walk(node: Int, budget: inout Int, _ isolate: (ListLRUItem) -> ListLRUWalkAnswer) -> Int {
        precondition(node >= 0 && node < nodes, "list_lru \(name): node \(node) out of range")
        guard !isDestroyed, !walking else { return 0 }
        var isolated = walk(record: node, budget: &budget, isolate)
        guard isMemcgAware else { return isolated }
        for r in memcgRecords(node: node) where budget > 0 {
            isolated += walk(record: r, budget: &budget, isolate)
        }
        return isolated
    }

    /// Records of the memcg lists on `node` that exist in the model, by
    /// ascending key.
    func memcgRecords(node: Int) -> [Int] { index.memcgRecords(self, node: node) }

    func walk(record r: Int, budget: inout Int, _ isolate: (ListLRUItem) -> ListLRUWalkAnswer) -> Int {
        walking = true
        defer { walking = false }
        var isolated = 0
        var visits = 0
        var cursor = state.pointee.records[r].head
        while cursor != ListLRULink.none, budget > 0 {
            let next = state.pointee.links[Int(cursor)].next
            budget -= 1
            visits += 1
            switch isolate(ListLRUItem(cursor)) {
            case .removed:
                unlink(Int(cursor))
                isolated += 1
            case .removedRetry:
                unlink(Int(cursor))
                isolated += 1
                cursor = state.pointee.records[r].head
                continue
            case .rotate:
                moveToTail(Int(cursor), record: r)
            case .skip:
                break
            case .retry:
                cursor = state.pointee.records[r].head
                continue
            }
            cursor = next
        }
        registry.statistics.walkVisits += visits
        return isolated
    }

    private func moveToTail(_ i: Int, record r: Int) {
        guard state.pointee.records[r].tail != UInt32(i) else { return }
        let link = state.pointee.links[i]
        if link.prev == ListLRULink.none {
            state.pointee.records[r].head = link.next
        } else {
            state.pointee.links[Int(link.prev)].next = link.next
        }
        state.pointee.links[Int(link.next)].prev = link.prev
        let tail = state.pointee.records[r].tail
        state.pointee.links[Int(tail)].next = UInt32(i)
        state.pointee.links[i] = ListLRULink(prev: tail, next: ListLRULink.none, record: UInt32(r))
        state.pointee.records[r].tail = UInt32(i)
    }
}
