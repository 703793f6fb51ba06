// A page's life: allocated from a node's frames, charged, queued in the
// add batch; accessed; freed (unmap, truncation, exit) with its charge.

/// What a new page holds.
public enum PageKind: Sendable, Equatable {
    /// Anonymous memory (`folio_add_new_anon_rmap`: a young pte maps it).
    case anon
    /// Anonymous memory locked with mlock: on the unevictable list.
    case mlockedAnon
    /// A page-cache page, dirty when the task wrote it.
    case file(dirty: Bool)
}

extension PageLRU {
    /// Allocates a page on `node` (or, when it is short, another node),
    /// charges it to `memcg` and queues it for its LRU. The charge may
    /// reclaim and run the OOM killer; a page it cannot have is ENOMEM,
    /// and then nothing is allocated.
    public func allocatePage(memcg: MemCgroup, node: Int, kind: PageKind, mapping: UInt32, index: UInt32,
                             active: Bool = false) throws(MemcgError) -> PageID {
        let frameNode = try allocateFrame(preferring: node)
        do {
            try controller.charge(memcg, pages: 1)
        } catch {
            host.freeFrames[frameNode] += 1
            throw error
        }
        let state = state(memcg)
        var flags: PageFlags = [.allocated]
        if active { flags.insert(.active) }
        switch kind {
        case .anon:
            flags.formUnion([.swapBacked, .young])
        case .mlockedAnon:
            flags.formUnion([.swapBacked, .young, .unevictable])
        case .file(let dirty):
            flags.insert(.file)
            if dirty { flags.insert(.dirty) }
        }
        let id = table.allocate(PageRecord(prev: PageRecord.none, next: PageRecord.none, owner: state.slot,
                                           mapping: mapping, index: index, swapSlot: PageRecord.noSwap,
                                           flags: flags, node: UInt16(frameNode)))
        accountCharged(id, memcg, 1)
        statistics.faults += 1
        addToBatch(id)
        return id
    }

    /// The per-memcg counts and statistics of a page holding a frame and a charge.
    func accountCharged(_ id: PageID, _ memcg: MemCgroup, _ sign: Int) {
        let record = table[id]
        let node = Int(record.node)
        if record.isFile {
            memcg.lruState!.filePages += sign
            controller.modStat(memcg, .file, sign, node: node)
            if record.flags.contains(.dirty) { controller.modStat(memcg, .fileDirty, sign, node: node) }
            if record.flags.contains(.writeback) { controller.modStat(memcg, .fileWriteback, sign, node: node) }
        } else {
            memcg.anonPages += sign
            memcg.lruState!.anonPages += sign
            controller.modStat(memcg, .anon, sign, node: node)
        }
    }

    /// Frees a page (or the swap entry standing for it) and its charge.
    public func freePage(_ id: PageID) {
        let record = table[id]
        let memcg = owners[Int(record.owner)]!
        if record.flags.contains(.swapped) {
            releaseSwapEntry(id, memcg)
            table.free(id)
            return
        }
        if record.flags.contains(.isolated) {
            // Reclaim holds it: freed when reclaim drops it at putback.
            if deferFreeUntilPutback(id) { return }
            controller.report(ModelViolation("page-conservation", "page \(id) freed while isolated by reclaim"))
        }
        if record.flags.contains(.batched) {
            removeFromBatch(id)
        } else if record.flags.contains(.lru) {
            listDel(id)
        }
        accountCharged(id, memcg, -1)
        host.freeFrames[Int(record.node)] += 1
        table.free(id)
        controller.uncharge(memcg, pages: 1)
    }

    /// `folio_mark_accessed`: a second access to an inactive page activates
    /// it (and ages the workingset clock); the first only marks it.
    public func markAccessed(_ id: PageID) {
        let flags = table[id].flags
        if !flags.contains(.referenced) {
            table[id].flags.insert(.referenced)
            return
        }
        guard !flags.contains(.unevictable), !flags.contains(.active) else { return }
        let memcg = owner(of: id)
        if flags.contains(.lru) {
            listDel(id)
            table[id].flags.insert(.active)
            listAdd(id)
            controller.modStat(memcg, .pgactivate, 1)
        } else {
            // In the add batch (or isolated): it lands on the active list.
            table[id].flags.insert(.active)
        }
        table[id].flags.remove(.referenced)
        ageNonresident(memcg, node: Int(table[id].node))
    }

    /// A young pte: the next reclaim look sees the page referenced.
    public func touch(_ id: PageID) {
        table[id].flags.insert(.young)
    }

    /// Marks a page-cache page dirty (`folio_mark_dirty`).
    public func markDirty(_ id: PageID) {
        guard !table[id].flags.contains(.dirty) else { return }
        table[id].flags.insert(.dirty)
        controller.modStat(owner(of: id), .fileDirty, 1, node: Int(table[id].node))
    }

    /// Whether a page still holds a frame (it is not a swap entry).
    public func isResident(_ id: PageID) -> Bool { !table[id].flags.contains(.swapped) }

    // MARK: Workingset

    /// `workingset_age_nonresident`: the clock of the page's lruvec and of
    /// every ancestor's lruvec on that node ticks.
    func ageNonresident(_ memcg: MemCgroup, node: Int) {
        var current: MemCgroup? = memcg
        while let m = current {
            state(m).lruvecs[node].nonresidentAge += 1
            current = m.parent
        }
    }

    /// `workingset_eviction`: the shadow left where an evicted page was.
    func shadow(evicting id: PageID) -> Shadow {
        let record = table[id]
        let memcg = owner(of: id)
        let node = Int(record.node)
        ageNonresident(memcg, node: node)
        return Shadow(memcgSerial: memcg.serial, node: node, age: memcg.lruState!.lruvecs[node].nonresidentAge,
                      workingset: record.flags.contains(.workingset))
    }

    /// `workingset_refault`: a page read back in where a shadow was. Counts
    /// the refault on the new page's memcg; if the refault distance is
    /// within the evicting lruvec's workingset, the page starts active.
    public func refault(_ id: PageID, shadow: Shadow) {
        let memcg = owner(of: id)
        let node = Int(table[id].node)
        let file = table[id].isFile
        statistics.refaults += 1
        controller.modStat(memcg, file ? .workingsetRefaultFile : .workingsetRefaultAnon, 1, node: node)
        guard let evictor = memcgBySerial(shadow.memcgSerial), let state = evictor.lruState else { return }
        let lruvec = state.lruvecs[shadow.node]
        let distance = lruvec.nonresidentAge &- shadow.age
        var workingsetSize = lruvec.size(.activeFile)
        if !file { workingsetSize += lruvec.size(.inactiveFile) }
        if swapPagesAvailable(evictor) > 0 {
            workingsetSize += lruvec.size(.activeAnon)
            if file { workingsetSize += lruvec.size(.inactiveAnon) }
        }
        guard distance <= UInt64(workingsetSize) else { return }
        // A full add batch may already have put the page on its list.
        if table[id].flags.contains(.lru) {
            listDel(id)
            table[id].flags.insert(.active)
            listAdd(id)
        } else {
            table[id].flags.insert(.active)
        }
        ageNonresident(memcg, node: node)
        controller.modStat(memcg, file ? .workingsetActivateFile : .workingsetActivateAnon, 1, node: node)
        if shadow.workingset {
            table[id].flags.insert(.workingset)
            controller.modStat(memcg, file ? .workingsetRestoreFile : .workingsetRestoreAnon, 1, node: node)
        }
    }

    func memcgBySerial(_ serial: UInt64) -> MemCgroup? {
        owners.first { $0?.serial == serial } ?? nil
    }
}
