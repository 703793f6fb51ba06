// Consistency of one list_lru's tables, for the invariant checker.

extension ListLRU {
    /// Checks that every list is well linked and counted, node totals add
    /// up, and no item points at a list it is not on. `owners` maps a list's
    /// key (cache ID or memcg ID) to the memcg that holds it now.
    func checkInvariants(owners: [Int: MemCgroup], shrinkers: ShrinkerRegistry) -> [ModelViolation] {
        guard !isDestroyed else { return [] }
        var broken: [ModelViolation] = []
        var perNode = [Int](repeating: 0, count: nodes)
        var linked = 0
        for r in liveRecords() {
            let record = state.pointee.records[r]
            var seen = 0
            var previous = ListLRULink.none
            var cursor = record.head
            while cursor != ListLRULink.none, seen <= state.pointee.links.count {
                let link = state.pointee.links[Int(cursor)]
                if link.record != UInt32(r) || link.prev != previous {
                    broken.append(ModelViolation("list_lru-links", "\(name): item \(cursor) on list \(describe(record: r)) is linked wrongly"))
                    break
                }
                seen += 1
                previous = cursor
                cursor = link.next
            }
            if previous != record.tail {
                broken.append(ModelViolation("list_lru-links", "\(name): list \(describe(record: r)) does not end at its tail"))
            }
            if seen != Int(record.count) {
                broken.append(ModelViolation("list_lru-count", "\(name): list \(describe(record: r)) counts \(record.count) items, holds \(seen)"))
            }
            perNode[Int(record.node)] += Int(record.count)
            linked += Int(record.count)
            if record.key >= 0 {
                let owner = owners[Int(record.key)]
                if owner == nil && (record.count > 0 || index.freesListsAtOffline) {
                    broken.append(ModelViolation("list_lru-dead-list",
                        "\(name): list \(describe(record: r)) with \(record.count) items belongs to no live memcg"))
                }
                if let owner, record.count > 0, owner.state.isOnline, let shrinkerID,
                   shrinkers.selection.recordsBits, shrinkers.shrinker(id: shrinkerID) != nil,
                   !shrinkers.isBitSet(owner, node: Int(record.node), shrinkerID: shrinkerID) {
                    broken.append(ModelViolation("shrinker-bitmap",
                        "\(name): \(owner.path) has \(record.count) items on node \(record.node) but shrinker bit \(shrinkerID) is clear"))
                }
            }
        }
        if perNode != state.pointee.nodeCounts.elements {
            broken.append(ModelViolation("list_lru-count", "\(name): node counts \(state.pointee.nodeCounts.elements) but lists hold \(perNode)"))
        }
        let onLists = state.pointee.links.elements.reduce(0) { $0 + ($1.record == ListLRULink.none ? 0 : 1) }
        if onLists != linked {
            broken.append(ModelViolation("list_lru-links", "\(name): \(onLists) items say they are on a list, lists hold \(linked)"))
        }
        return broken + index.checkInvariants(self, owners: owners)
    }

    /// Records in use: the root lists, then the memcg lists.
    func liveRecords() -> [Int] {
        var result = Array(0..<nodes)
        guard isMemcgAware else { return result }
        for node in 0..<nodes { result += memcgRecords(node: node) }
        return result
    }

    /// Memcg lists of this list_lru that hold items now.
    package var nonEmptyMemcgLists: Int {
        guard isMemcgAware, !isDestroyed else { return 0 }
        return (0..<nodes).reduce(0) { sum, node in sum + memcgRecords(node: node).filter { state.pointee.records[$0].count > 0 }.count }
    }

    /// Lists the design allocated for memcgs (eager: every slot; lazy: per memcg per node).
    var allocatedLists: Int {
        guard isMemcgAware, !isDestroyed else { return 0 }
        return index.allocatedLists(self)
    }

    /// Memcg IDs with lists in the sparse map (lazy), ascending.
    var mappedMemcgIDs: [Int] { index.mappedMemcgIDs(self) }
}
