// The lruvec lists: add at the head, delete anywhere, take from the tail
// (`lruvec_add_folio`, `lruvec_del_folio`, `lru_to_folio`), with the list
// sizes and memory.stat's LRU items moving as `update_lru_size` moves them.

extension PageLRU {
    /// Puts a page that is on no list at the head of its home list.
    func listAdd(_ id: PageID) {
        var cpu = kernel.currentCPU
        listAdd(id, cpu: &cpu)
    }

    /// `listAdd` with the current CPU already read (`cpu`), as a drain
    /// reads it once for its pages. The page's memcg state is reached
    /// without reference counting: the page's charge pins its memcg, and
    /// the memcg holds the state. An offline memcg's page takes the
    /// design's lookup, which may run other work, so `cpu` is read again
    /// after it.
    @inline(__always)
    func listAdd(_ id: PageID, cpu: inout Int) {
        let record = table[id]
        let home = slotState(record.owner)
        if home._withUnsafeGuaranteedRef({ $0.reach == .online }) {
            let current = cpu
            home._withUnsafeGuaranteedRef { state in
                let list = link(id, record, on: state)
                modStat(state, list.statItem, 1, node: Int(record.node), cpu: current)
            }
            return
        }
        listAddOffline(id, record, cpu: &cpu)
    }

    /// `listAdd` of a page whose memcg is not online: the page-to-lruvec
    /// lookup, where the design may send it (and its charge) to a live
    /// ancestor.
    private func listAddOffline(_ id: PageID, _ record: PageRecord, cpu: inout Int) {
        let (moved, memcg) = lookupLruvecOwner(id, owners[Int(record.owner)]!)
        cpu = kernel.currentCPU
        let state = memcg.lruState!
        let list = link(id, moved, on: state)
        modStat(state, list.statItem, 1, node: Int(moved.node), cpu: cpu)
    }

    /// Links a page (`record`, which is on no list) in at the head of its
    /// home list in `state`'s lruvec of its node; returns the list. The
    /// caller counts it in the statistics.
    @inline(__always)
    private func link(_ id: PageID, _ record: PageRecord, on state: MemcgLRUState) -> LRUList {
        var record = record
        let list = record.homeList
        let node = Int(record.node)
        let oldHead = state.lruvecs[node].pushHead(id, list: list.rawValue)
        record.prev = PageRecord.none
        record.next = oldHead
        record.flags.insert(.lru)
        table[id] = record
        if oldHead != PageRecord.none { table[oldHead].prev = id }
        if state.reach == .dyingUnreachable { noteAWOL(1) }
        return list
    }

    /// Takes a page off its list.
    func listDel(_ id: PageID) {
        let record = table[id]
        let list = record.homeList
        let node = Int(record.node)
        if record.prev != PageRecord.none { table[record.prev].next = record.next }
        if record.next != PageRecord.none { table[record.next].prev = record.prev }
        slotState(record.owner)._withUnsafeGuaranteedRef { state in
            state.lruvecs[node].unlink(prev: record.prev, next: record.next, list: list.rawValue)
            table[id].prev = PageRecord.none
            table[id].next = PageRecord.none
            table[id].flags.remove(.lru)
            if state.reach == .dyingUnreachable { noteAWOL(-1) }
            modStat(state, list.statItem, -1, node: node)
        }
    }

    /// The page-side state of the memcg in LRU slot `slot`, which a page
    /// record names (pages are gone before the slot is released).
    @inline(__always)
    func slotState(_ slot: UInt32) -> Unmanaged<MemcgLRUState> {
        slotStates[Int(slot)].unsafelyUnwrapped
    }

    /// `modStat` for the memcg whose page-side state this is.
    @inline(__always)
    func modStat(_ state: MemcgLRUState, _ item: MemcgStatItem, _ delta: Int, node: Int) {
        modStat(state, item, delta, node: node, cpu: kernel.currentCPU)
    }

    /// `modStat` on a CPU the caller has read.
    @inline(__always)
    func modStat(_ state: MemcgLRUState, _ item: MemcgStatItem, _ delta: Int, node: Int, cpu: Int) {
        guard delta != 0 else { return }
        stats.update(state.statsSlot, item, delta, cpu: cpu, node: node)
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
        table[id].flags.insert(.batched)
        queueInBatch(id, cpu: kernel.currentCPU)
    }

    /// Queues a page already marked batched in `cpu`'s add batch.
    @inline(__always)
    func queueInBatch(_ id: PageID, cpu: Int) {
        addBatches[cpu].append(id)
        // `cpu` is the current CPU, which does the drain.
        if addBatches[cpu].isFull { lruAddDrain(cpu: cpu, current: cpu) }
    }

    /// `lru_add_drain` for one CPU: every queued page goes to its list.
    /// The statistics are updated on the CPU doing the drain. Pages of
    /// online memcgs in a row that land on the same list of the same memcg
    /// and node are counted in one statistics update (`StatUpdateRun`),
    /// which leaves the statistics as one update per page would; nothing
    /// else touches the statistics in between. A page of an offline
    /// memcg, whose lookup may, ends the run first.
    func lruAddDrain(cpu: Int) {
        lruAddDrain(cpu: cpu, current: kernel.currentCPU)
    }

    /// `lruAddDrain(cpu:)` with the current CPU already read (`current`).
    private func lruAddDrain(cpu: Int, current: Int) {
        guard !addBatches[cpu].isEmpty else { return }
        let queued = addBatches[cpu]
        addBatches[cpu].removeAll()
        var current = current
        var run = StatUpdateRun()
        for id in queued {
            // The record is read once and written once (by `link`).
            var record = table[id]
            record.flags.remove(.batched)
            let home = slotState(record.owner)
            guard home._withUnsafeGuaranteedRef({ $0.reach == .online }) else {
                table[id] = record
                run.apply(to: stats, cpu: current)
                listAddOffline(id, record, cpu: &current)
                continue
            }
            home._withUnsafeGuaranteedRef { state in
                let list = link(id, record, on: state)
                run.add(state.statsSlot, list.statItem, 1, node: Int(record.node), stats: stats, cpu: current)
            }
        }
        run.apply(to: stats, cpu: current)
    }

    /// `lru_add_drain_all`.
    func lruAddDrainAll() {
        for cpu in 0..<addBatches.count { lruAddDrain(cpu: cpu) }
    }

    /// Pages waiting in add batches, all CPUs.
    var batchedPages: Int {
        var pages = 0
        for cpu in 0..<addBatches.count { pages += addBatches[cpu].count }
        return pages
    }

    /// Takes a batched page out of its batch (it is being freed).
    func removeFromBatch(_ id: PageID) {
        for cpu in 0..<addBatches.count {
            if let index = addBatches[cpu].firstIndex(of: id) {
                addBatches[cpu].remove(at: index)
                table[id].flags.remove(.batched)
                return
            }
        }
        controller.report(ModelViolation("page-conservation", "page \(id) marked batched is in no batch"))
    }
}
