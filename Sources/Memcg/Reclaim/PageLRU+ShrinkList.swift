import KernelSim

// shrink_inactive_list, shrink_folio_list and shrink_active_list
// (mm/vmscan.c): isolate a batch from a list's tail, decide each page,
// put back what stays.

extension PageLRU {
    /// `shrink_list`: an active list is only aged (when its inactive
    /// partner is low); an inactive one is reclaimed from.
    func shrinkList(_ list: LRUList, count: Int, memcg: MemCgroup, node: Int, sc: inout ScanControl) -> Int {
        if list.isActive {
            if inactiveIsLow(memcg, node: node, file: list.isFile) {
                shrinkActiveList(list, count: count, memcg: memcg, node: node, sc: &sc)
            }
            return 0
        }
        return shrinkInactiveList(list, count: count, memcg: memcg, node: node, sc: &sc)
    }

    /// `inactive_is_low`: the inactive list is smaller than the active one
    /// divided by sqrt(10 x the pair's size in GiB) (1 below a GiB).
    func inactiveIsLow(_ memcg: MemCgroup, node: Int, file: Bool) -> Bool {
        let lruvec = memcg.lruState!.lruvecs[node]
        let inactive = lruvec.size(file ? .inactiveFile : .inactiveAnon)
        let active = lruvec.size(file ? .activeFile : .activeAnon)
        let gigabytes = (inactive + active) >> 18
        let ratio = gigabytes > 0 ? Int(Double(10 * gigabytes).squareRoot()) : 1
        return inactive * ratio < active
    }

    /// `shrink_inactive_list` with `shrink_folio_list`'s decisions:
    /// referenced pages rotate or activate, clean page cache is freed (its
    /// shadow left behind), dirty page cache starts writeback and stays,
    /// anon goes to swap when it may. Returns pages freed.
    func shrinkInactiveList(_ list: LRUList, count: Int, memcg: MemCgroup, node: Int, sc: inout ScanControl) -> Int {
        lruAddDrain(cpu: kernel.currentCPU)
        let isolated = isolate(memcg, node: node, list: list, count: count)
        guard !isolated.isEmpty else { return 0 }
        sc.nrScanned += isolated.count
        statistics.scanned += isolated.count
        controller.modStat(memcg, .pgscan, isolated.count)
        controller.modStat(memcg, sc.isKswapd ? .pgscanKswapd : .pgscanDirect, isolated.count)
        var keep: [PageID] = []
        var reclaimed = 0
        var activated = 0
        for id in isolated {
            switch decide(id, sc: sc) {
            case .activate:
                table[id].flags.insert(.active)
                activated += 1
                keep.append(id)
            case .keep:
                keep.append(id)
            case .reclaim:
                if table[id].isFile {
                    evictFile(id, memcg: memcg, node: node, target: sc.target)
                    reclaimed += 1
                } else if swapOut(id) {
                    reclaimed += 1
                } else {
                    table[id].flags.insert(.active)
                    activated += 1
                    keep.append(id)
                }
            }
        }
        finishIsolation(keep, memcg: memcg, node: node, file: list.isFile)
        if activated > 0 { controller.modStat(memcg, .pgactivate, activated) }
        if reclaimed > 0 {
            statistics.reclaimed += reclaimed
            controller.modStat(memcg, .pgsteal, reclaimed)
            controller.modStat(memcg, sc.isKswapd ? .pgstealKswapd : .pgstealDirect, reclaimed)
        }
        return reclaimed
    }

    enum FolioDecision { case activate, keep, reclaim }

    /// `folio_check_references` and the checks before it in `shrink_folio_list`.
    private func decide(_ id: PageID, sc: ScanControl) -> FolioDecision {
        let flags = table[id].flags
        if flags.contains(.unevictable) { return .keep }  // putback sends it to the unevictable list
        if flags.contains(.writeback) { return .keep }
        let young = flags.contains(.young)
        let referenced = flags.contains(.referenced)
        table[id].flags.remove([.young, .referenced])
        if young {
            // Mapped and used: anon is activated at once; a file page after
            // a second look, until then it rotates with PG_referenced set.
            if flags.contains(.swapBacked) || referenced { return .activate }
            table[id].flags.insert(.referenced)
            return .keep
        }
        if flags.contains(.file), flags.contains(.dirty) {
            startWriteback(id)
            return .keep
        }
        if !flags.contains(.file) {
            // Anon is tried for swap (`add_to_swap`), which counts the
            // swap events when a memory.swap.max or the device refuses;
            // without swap it is activated (`activate_locked`).
            guard sc.maySwap, swap != nil else { return .activate }
        }
        return .reclaim
    }

    /// Frees an isolated clean page-cache page and leaves its shadow.
    private func evictFile(_ id: PageID, memcg: MemCgroup, node: Int, target: MemCgroup?) {
        let shadow = shadow(evicting: id, target: target)
        let record = table[id]
        memcg.lruState!.lruvecs[node].isolated[1] -= 1
        table[id].flags.remove(.isolated)
        for handler in evictionHandlers { handler(record.mapping, record.index, shadow) }
        accountCharged(id, memcg, -1)
        host.freeFrames[node] += 1
        table.free(id)
        controller.uncharge(memcg, pages: 1)
    }

    /// `shrink_active_list`: ages a batch from the active list's tail:
    /// every page moves to the inactive list (referenced or not: only
    /// executable file pages keep their place, and the model has none),
    /// marked as having been in the workingset.
    func shrinkActiveList(_ list: LRUList, count: Int, memcg: MemCgroup, node: Int, sc: inout ScanControl) {
        lruAddDrain(cpu: kernel.currentCPU)
        let isolated = isolate(memcg, node: node, list: list, count: count)
        guard !isolated.isEmpty else { return }
        controller.modStat(memcg, .pgrefill, isolated.count)
        var deactivated = 0
        for id in isolated where !table[id].flags.contains(.unevictable) {
            table[id].flags.remove([.active, .young])
            table[id].flags.insert(.workingset)
            deactivated += 1
        }
        finishIsolation(isolated, memcg: memcg, node: node, file: list.isFile)
        if deactivated > 0 { controller.modStat(memcg, .pgdeactivate, deactivated) }
    }

    // MARK: Writeback

    /// Starts writeback of a dirty page-cache page; the flusher completes
    /// it a writeback latency later and rotates the page to the inactive
    /// tail (`folio_end_writeback` → `folio_rotate_reclaimable`), so the
    /// next pass frees it.
    func startWriteback(_ id: PageID) {
        let memcg = owner(of: id)
        let node = Int(table[id].node)
        table[id].flags.remove(.dirty)
        table[id].flags.insert(.writeback)
        controller.modStat(memcg, .fileDirty, -1, node: node)
        controller.modStat(memcg, .fileWriteback, 1, node: node)
        statistics.writebacks += 1
        writebackPending.append(id)
        guard !flusherQueued else { return }
        flusherQueued = true
        kernel.schedule(after: Self.writebackLatency, "writeback_end") { [unowned self] in self.endWriteback() }
    }

    /// How long a batch of writeback takes to reach the disk.
    static let writebackLatency = VirtualDuration.milliseconds(5)

    func endWriteback() {
        flusherQueued = false
        let pending = writebackPending
        writebackPending = []
        for id in pending where table.isAllocated(id) && table[id].flags.contains(.writeback) {
            endWriteback(id)
            // Rotate to the tail of the inactive list so reclaim finds it first.
            if table[id].flags.contains(.lru), !table[id].flags.contains(.active) {
                rotateToTail(id)
            }
        }
    }

    /// Clears PG_writeback (truncation waits for it; completion clears it).
    package func endWriteback(_ id: PageID) {
        guard table[id].flags.contains(.writeback) else { return }
        table[id].flags.remove(.writeback)
        controller.modStat(owner(of: id), .fileWriteback, -1, node: Int(table[id].node))
    }

    private func rotateToTail(_ id: PageID) {
        listDel(id)
        let record = table[id]
        let memcg = owner(of: id)
        let node = Int(record.node)
        let l = record.homeList.rawValue
        let oldTail = memcg.lruState!.lruvecs[node].tails[l]
        table[id].next = PageRecord.none
        table[id].prev = oldTail
        table[id].flags.insert(.lru)
        if oldTail != PageRecord.none { table[oldTail].next = id } else { memcg.lruState!.lruvecs[node].heads[l] = id }
        memcg.lruState!.lruvecs[node].tails[l] = id
        memcg.lruState!.lruvecs[node].sizes[l] += 1
        if memcg.lruState!.reach == .dyingUnreachable { noteAWOL(1, arriving: false) }
        controller.modStat(memcg, record.homeList.statItem, 1, node: node)
    }
}
