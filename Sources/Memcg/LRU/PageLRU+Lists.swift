// The lruvec lists: add at the head, delete anywhere, take from the tail
// (`lruvec_add_folio`, `lruvec_del_folio`, `lru_to_folio`), with the list
// sizes and memory.stat's LRU items moving as `update_lru_size` moves them.

extension PageLRU {
    /// Puts a page that is on no list at the head of its home list.
    func listAdd(_ id: PageID) {
        var record = table[id]
        var state = slotState(record.owner)
        if state.reach != .online {
            // The page-to-lruvec lookup of an offline memcg's page: the
            // design may send it (and its charge) to a live ancestor.
            let memcg: MemCgroup
            (record, memcg) = lookupLruvecOwner(id, owners[Int(record.owner)]!)
            state = memcg.lruState!
        }
        let list = record.homeList
        let node = Int(record.node)
        let oldHead = state.lruvecs[node].pushHead(id, list: list.rawValue)
        table[id].prev = PageRecord.none
        table[id].next = oldHead
        table[id].flags.insert(.lru)
        if oldHead != PageRecord.none { table[oldHead].prev = id }
        if state.reach == .dyingUnreachable { noteAWOL(1) }
        modStat(state, list.statItem, 1, node: node)
    }

    /// Takes a page off its list.
    func listDel(_ id: PageID) {
        let record = table[id]
        let list = record.homeList
        let state = slotState(record.owner)
        let node = Int(record.node)
        if record.prev != PageRecord.none { table[record.prev].next = record.next }
        if record.next != PageRecord.none { table[record.next].prev = record.prev }
        state.lruvecs[node].unlink(prev: record.prev, next: record.next, list: list.rawValue)
        table[id].prev = PageRecord.none
        table[id].next = PageRecord.none
        table[id].flags.remove(.lru)
        if state.reach == .dyingUnreachable { noteAWOL(-1) }
        modStat(state, list.statItem, -1, node: node)
    }

    /// The page-side state of the memcg in LRU slot `slot`, which a page
    /// record names (pages are gone before the slot is released).
    @inline(__always)
    func slotState(_ slot: UInt32) -> MemcgLRUState {
        slotStates[Int(slot)].unsafelyUnwrapped
    }

    /// `modStat` for the memcg whose page-side state this is.
    @inline(__always)
    func modStat(_ state: MemcgLRUState, _ item: MemcgStatItem, _ delta: Int, node: Int) {
        guard delta != 0 else { return }
        stats.update(state.statsSlot, item, delta, cpu: kernel.currentCPU, node: node)
    }

    /// `isolate_lru_folios`: takes up to `count` pages from the tail of a
    /// list, marking them isolated (they are on no list until put back).
    func isolate(_ memcg: MemCgroup, node: Int, list: LRUList, count: Int) -> [PageID] {
        var taken: [PageID] = []
        taken.reserveCapacity(count)
        while taken.count < count {
            let tail = memcg.lruState!.lruvecs[node].tails[list.rawValue]
            guard tail != PageRecord.none else { break }
            listDel(tail)
            table[tail].flags.insert(.isolated)
            taken.append(tail)
        }
        memcg.lruState!.lruvecs[node].isolated[list.isFile ? 1 : 0] += taken.count
        return taken
    }

    /// `move_folios_to_lru`: puts isolated pages back, each at the head of
    /// the list its flags now say.
    func putback(_ pages: [PageID], memcg: MemCgroup, node: Int, file: Bool) {
        memcg.lruState!.lruvecs[node].isolated[file ? 1 : 0] -= pages.count
        for id in pages {
            table[id].flags.remove(.isolated)
            listAdd(id)
        }
    }

    /// The pages of one list, head to tail (for invariants and tests).
    package func pages(of memcg: MemCgroup, node: Int, list: LRUList) -> [PageID] {
        guard let state = memcg.lruState else { return [] }
        var result: [PageID] = []
        var id = state.lruvecs[node].heads[list.rawValue]
        while id != PageRecord.none, result.count <= table.capacity {
            result.append(id)
            id = table[id].next
        }
        return result
    }

    // MARK: Per-CPU add batches

    /// `folio_add_lru`: queue a new page in this CPU's batch; a full batch
    /// is drained at once.
    func addToBatch(_ id: PageID) {
        let cpu = kernel.currentCPU
        table[id].flags.insert(.batched)
        batches[cpu].append(id)
        if batches[cpu].isFull { lruAddDrain(cpu: cpu) }
    }

    /// `lru_add_drain` for one CPU: every queued page goes to its list.
    func lruAddDrain(cpu: Int) {
        guard !batches[cpu].isEmpty else { return }
        let queued = batches[cpu]
        batches[cpu].removeAll()
        for id in queued {
            table[id].flags.remove(.batched)
            listAdd(id)
        }
    }

    /// `lru_add_drain_all`.
    func lruAddDrainAll() {
        for cpu in 0..<batches.count { lruAddDrain(cpu: cpu) }
    }

    /// Pages waiting in add batches, all CPUs.
    var batchedPages: Int { batches.reduce(0) { $0 + $1.count } }

    /// Takes a batched page out of its batch (it is being freed).
    func removeFromBatch(_ id: PageID) {
        for cpu in 0..<batches.count {
            if let index = batches[cpu].firstIndex(of: id) {
                batches[cpu].remove(at: index)
                table[id].flags.remove(.batched)
                return
            }
        }
        controller.report(ModelViolation("page-conservation", "page \(id) marked batched is in no batch"))
    }
}
