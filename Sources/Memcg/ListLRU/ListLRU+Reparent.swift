// Offline and teardown: a dying memcg's lists are moved to its parent's
// (memcg_drain_all_list_lrus before 5.18, memcg_reparent_list_lrus since),
// and list_lru_destroy() frees everything.

extension ListLRU {
    /// Moves every item of `memcg`'s lists, node by node, to the tail of
    /// the list its parent resolves to, and sets the parent's shrinker bit
    /// where items arrived. Eager keeps the (now empty) lists for the next
    /// memcg that gets the cache ID; lazy frees them after a grace period.
    /// Returns the number of items moved.
    func reparent(_ memcg: MemCgroup, to parent: MemCgroup) -> Int {
        guard isMemcgAware, !isDestroyed else { return 0 }
        return index.reparent(self, memcg, to: parent)
    }

    /// `list_splice_init()` of one list onto the end of the list `parent`
    /// resolves to. The kernel's splice is O(1); the model also rewrites
    /// each moved item's list, which costs host time only.
    func splice(_ src: Int, into parent: MemCgroup, node: Int) -> Int {
        let moved = Int(state.pointee.records[src].count)
        guard moved > 0 else { return 0 }
        let (dst, owner) = resolveUpwards(node: node, memcg: parent, materialize: true)
        precondition(dst != src, "list_lru \(name): reparenting a list onto itself")
        var cursor = state.pointee.records[src].head
        while cursor != ListLRULink.none {
            state.pointee.links[Int(cursor)].record = UInt32(dst)
            cursor = state.pointee.links[Int(cursor)].next
        }
        let srcHead = state.pointee.records[src].head, srcTail = state.pointee.records[src].tail
        let dstTail = state.pointee.records[dst].tail
        if dstTail == ListLRULink.none {
            state.pointee.records[dst].head = srcHead
        } else {
            state.pointee.links[Int(dstTail)].next = srcHead
            state.pointee.links[Int(srcHead)].prev = dstTail
        }
        state.pointee.records[dst].tail = srcTail
        state.pointee.records[dst].count += UInt32(moved)
        state.pointee.records[src].head = ListLRULink.none
        state.pointee.records[src].tail = ListLRULink.none
        state.pointee.records[src].count = 0
        if let owner, let shrinkerID {
            registry.shrinkers.setBit(owner, node: node, shrinkerID: shrinkerID)
        }
        return moved
    }

    /// `list_lru_destroy()`: frees the lists, arrays and node array. Items
    /// still on a list are a caller bug (reported) and are dropped.
    func release() {
        let left = count
        if left > 0 {
            registry.report(ModelViolation("list_lru-destroy", "list_lru \(name) destroyed with \(left) items on it"))
        }
        if isMemcgAware { index.release(self) }
        if let nodeArray {
            registry.freeMetadata(nodeArray, bytes: ListLRURegistry.nodeBytes * nodes, kind: \.nodeArrayBytes)
            self.nodeArray = nil
        }
        state.pointee = ListLRUTables(nodes: 0)
        state.pointee.isDestroyed = true
    }
}
