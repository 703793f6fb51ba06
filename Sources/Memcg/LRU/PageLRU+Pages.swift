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
        let frameNode: Int
        if host.takeFrameAboveLow(on: node) {
            frameNode = node
        } else {
            frameNode = try allocateFrame(preferring: node)
        }
        // No reference counting on the fault path: the controller owns
        // the page layer, the memcg holds its state, and the charge just
        // taken pins the memcg.
        var cpu = kernel.currentCPU
        let charged = Unmanaged.passUnretained(controller)._withUnsafeGuaranteedRef {
            controller -> Result<Bool, MemcgError> in
            do throws(MemcgError) {
                return .success(try controller.charge(memcg, pages: 1, cpu: cpu))
            } catch {
                return .failure(error)
            }
        }
        switch charged {
        case .success(let wentToCounters):
            // Reclaim or the OOM killer may have run other work.
            if wentToCounters { cpu = kernel.currentCPU }
        case .failure(let refused):
            host.freeFrames[frameNode] += 1
            throw refused
        }
        if memcg.lruState == nil { _ = state(memcg) }
        return Unmanaged.passUnretained(memcg.lruState.unsafelyUnwrapped)._withUnsafeGuaranteedRef { state in
            // The page goes straight into the add batch (`folio_add_lru`).
            var flags: PageFlags = [.allocated, .batched]
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
            account(flags, memcg, state, 1, node: frameNode, cpu: cpu)
            statistics.faults += 1
            queueInBatch(id, cpu: cpu)
            return id
        }
    }

    /// The per-memcg counts and statistics of a page holding a frame and a charge.
    func accountCharged(_ id: PageID, _ memcg: MemCgroup, _ sign: Int) {
        let record = table[id]
        let cpu = kernel.currentCPU
        Unmanaged.passUnretained(memcg.lruState.unsafelyUnwrapped)._withUnsafeGuaranteedRef { state in
            account(record.flags, memcg, state, sign, node: Int(record.node), cpu: cpu)
        }
    }

    /// `accountCharged` for a page with `flags` on `node`, on `cpu`.
    @inline(__always)
    private func account(_ flags: PageFlags, _ memcg: MemCgroup, _ state: MemcgLRUState, _ sign: Int,
                         node: Int, cpu: Int) {
        if flags.contains(.file) {
            state.filePages += sign
            modStat(state, .file, sign, node: node, cpu: cpu)
            if flags.contains(.dirty) { modStat(state, .fileDirty, sign, node: node, cpu: cpu) }
            if flags.contains(.writeback) { modStat(state, .fileWriteback, sign, node: node, cpu: cpu) }
        } else {
            memcg.anonPages += sign
            state.anonPages += sign
            modStat(state, .anon, sign, node: node, cpu: cpu)
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
            // Freeing takes the page's lruvec lock (`folio_lruvec_lock`).
            if memcg.lruState!.reach == .reparenting { offlinePolicy.lookupDuringOffline(memcg, pages: self) }
            listDel(id)
        }
        accountCharged(id, memcg, -1)
        host.freeFrames[Int(record.node)] += 1
        table.free(id)
        controller.uncharge(memcg, pages: 1)
    }

    /// `folio_mark_accessed`: a second access to an inactive page activates
    /// it (and ages the workingset clock); the first only marks it.
    package func markAccessed(_ id: PageID) {
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
    package func touch(_ id: PageID) {
        table[id].flags.insert(.young)
    }

    /// Marks a page-cache page dirty (`folio_mark_dirty`).
    package func markDirty(_ id: PageID) {
        guard !table[id].flags.contains(.dirty) else { return }
        table[id].flags.insert(.dirty)
        controller.modStat(owner(of: id), .fileDirty, 1, node: Int(table[id].node))
    }

    /// Whether a page still holds a frame (it is not a swap entry).
    package func isResident(_ id: PageID) -> Bool { !table[id].flags.contains(.swapped) }

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

    /// `workingset_eviction` (6.12 mm/workingset.c): the shadow left
    /// where an evicted page was. It names the reclaim's target (global
    /// reclaim: the root), whose lruvec's nonresident clock it reads and
    /// then ages with its ancestors', as `__remove_mapping` passes
    /// `sc->target_mem_cgroup`: a page that a parent's limit reclaim evicts
    /// from a child is remembered against the parent.
    func shadow(evicting id: PageID, target: MemCgroup?) -> Shadow {
        let record = table[id]
        let evictor = target ?? controller.root
        let node = Int(record.node)
        let age = state(evictor).lruvecs[node].nonresidentAge
        ageNonresident(evictor, node: node)
        return Shadow(memcgSerial: evictor.serial, memcgID: evictor.recordedID, node: node, age: age,
                      workingset: record.flags.contains(.workingset))
    }

    /// `workingset_refault` and `workingset_test_recent` (6.12): a page
    /// read back in where a shadow was. The refault is counted, and an
    /// activation aged and counted, on the memcg the new page is charged
    /// to; whether it activates is decided where it was evicted: the memcg
    /// the shadow's ID names now (`mem_cgroup_from_id`; none once the ID
    /// is released, as at offline in 6.12, and the ID's new owner if it
    /// was reused), by the refault distance on that memcg's lruvec clock
    /// against its workingset, counted as the kernel's `lruvec_page_state`
    /// counts a memcg's lruvec: over the memcg and its descendants.
    package func refault(_ id: PageID, shadow: Shadow) {
        let memcg = owner(of: id)
        let node = Int(table[id].node)
        let file = table[id].isFile
        statistics.refaults += 1
        controller.modStat(memcg, file ? .workingsetRefaultFile : .workingsetRefaultAnon, 1, node: node)
        guard shadow.memcgID != 0, let evictor = memcgByID(shadow.memcgID), let state = evictor.lruState,
              shadow.node < state.lruvecs.count else { return }
        let distance = state.lruvecs[shadow.node].nonresidentAge &- shadow.age
        var sizes = [0, 0, 0, 0]
        for member in subtreeInIterOrder(evictor) {
            guard let lruvecs = member.lruState?.lruvecs, shadow.node < lruvecs.count else { continue }
            for list in [LRUList.inactiveAnon, .activeAnon, .inactiveFile, .activeFile] {
                sizes[list.rawValue] += lruvecs[shadow.node].size(list)
            }
        }
        var workingsetSize = sizes[LRUList.activeFile.rawValue]
        if !file { workingsetSize += sizes[LRUList.inactiveFile.rawValue] }
        if swapPagesAvailable(evictor) > 0 {
            workingsetSize += sizes[LRUList.activeAnon.rawValue]
            if file { workingsetSize += sizes[LRUList.inactiveAnon.rawValue] }
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

    /// `mem_cgroup_from_id`: the live or dying memcg holding `id`.
    func memcgByID(_ id: Int) -> MemCgroup? {
        if controller.root.id == id { return controller.root }
        return owners.first { $0?.id == id } ?? nil
    }
}
