// Swap: a device added by `swapon`, swap-out from reclaim with the swap
// charge (`__mem_cgroup_try_charge_swap`), and the entry's release.

extension PageLRU {
    /// The largest swap device: 64 GiB (6 bytes of model memory a slot).
    package static let maxSwapBytes = 64 << 30

    /// `swapon`: adds a swap device of `bytes`. One device at a time.
    package func swapon(bytes: Int) throws(MemcgError) {
        guard swap == nil else { throw MemcgError(.EBUSY, "swapon: a swap device is already active") }
        let slots = bytes / PageSize.bytes
        guard slots > 0, bytes <= Self.maxSwapBytes else {
            throw MemcgError(.EINVAL, "swapon: size must be 4K...64G, got \(bytes) bytes")
        }
        swap = SwapDevice(slots: slots)
    }

    /// `mem_cgroup_get_nr_swap_pages`: swap slots this memcg could still
    /// take: the device's free slots, within every `memory.swap.max` above it.
    func swapPagesAvailable(_ memcg: MemCgroup) -> Int {
        guard let swap else { return 0 }
        var available = swap.free
        var node: MemCgroup? = memcg
        while let m = node, !m.isRoot {
            if let state = m.lruState, state.swapMax != .max {
                available = Swift.min(available, Swift.max(state.swapMax - state.swapPages, 0))
            }
            node = m.parent
        }
        return available
    }

    /// `add_to_swap` + `__mem_cgroup_try_charge_swap` + `__remove_mapping`:
    /// an isolated anon page goes to swap; its memory charge becomes a swap
    /// charge and its reference the swap entry's. False (and the events)
    /// when the device is full or a `memory.swap.max` refuses.
    ///
    /// The entry is recorded against the page's memcg, or, when that memcg
    /// has given its ID back (removed, and no swap entry held it), against
    /// the nearest ancestor whose ID is alive (`mem_cgroup_id_get_online`,
    /// 1f47b61fb407): that one takes the swap charge and the ID reference,
    /// and the record's owner becomes it.
    func swapOut(_ id: PageID) -> Bool {
        let memcg = owner(of: id)
        let swapMemcg = controller.nearestWithLiveID(memcg)
        var node: MemCgroup? = swapMemcg
        while let m = node, !m.isRoot {
            let state = state(m)
            if state.swapMax != .max, state.swapPages + 1 > state.swapMax {
                swapEvent(m, .max)
                swapEvent(swapMemcg, .fail)
                return false
            }
            node = m.parent
        }
        guard let slot = swap?.allocate(memcgID: swapMemcg.recordedID) else {
            swapEvent(swapMemcg, .fail)
            return false
        }
        node = swapMemcg
        while let m = node, !m.isRoot {
            let state = state(m)
            state.swapPages += 1
            if state.swapPages > state.swapLocalPeak {
                state.swapLocalPeak = state.swapPages
                if state.swapPages > state.swapPeak { state.swapPeak = state.swapPages }
            }
            node = m.parent
        }
        let swapState = state(swapMemcg)
        swapState.swapLocal += 1
        // The entry records the memcg's ID and holds a reference on it
        // (`mem_cgroup_id_get_many`), so the ID outlives offline until the
        // entry is freed. The kernel's ID references pin the css once
        // between them; the model keeps one css reference per entry, which
        // pins it just as long.
        controller.getID(swapMemcg)
        controller.get(swapMemcg)
        let record = table[id]
        memcg.lruState!.lruvecs[Int(record.node)].isolated[0] -= 1
        accountCharged(id, memcg, -1)
        host.freeFrames[Int(record.node)] += 1
        table[id].flags = [.allocated, .swapped, .swapBacked]
        table[id].swapSlot = slot
        table[id].owner = swapState.slot
        statistics.swappedOut += 1
        controller.uncharge(memcg, pages: 1)
        return true
    }

    /// `do_swap_page` for an anonymous page that is out on swap: a frame is
    /// allocated and charged as `mem_cgroup_swapin_charge_folio` (6.12)
    /// picks the memcg: the one whose ID the swap entry recorded, if it is
    /// still online (`css_tryget_online`), else the faulting mm's
    /// (`get_mem_cgroup_from_mm`, here `faulting`). The charge may reclaim
    /// and OOM-kill as any fault's; when it fails the entry stays on swap.
    /// Then the slot is freed (`swap_free`, whose
    /// `__mem_cgroup_uncharge_swap` uncharges the recorded memcg's
    /// memory.swap.current and puts the entry's reference). The kernel
    /// keeps a read-faulted page in the swap cache, and so on swap, until
    /// the swap is half full or the page is written (`should_try_to_free_swap`);
    /// the model has no swap cache and frees the slot at once, as on a
    /// write fault. Returns the resident page standing for the old entry.
    package func swapIn(_ id: PageID, faulting: MemCgroup) throws(MemcgError) -> PageID {
        let record = table[id]
        precondition(record.flags.contains(.swapped), "swapIn of a page that is not on swap")
        let recorded = owner(of: id)
        let target = recorded.isOnline ? recorded : faulting
        let page = try allocatePage(memcg: target, node: kernel.currentNode, kind: .anon,
                                    mapping: record.mapping, index: record.index)
        freePage(id)
        statistics.swappedIn += 1
        return page
    }

    /// Frees a swap entry: the slot, the swap charge up the chain, the reference.
    func releaseSwapEntry(_ id: PageID, _ memcg: MemCgroup) {
        swap?.release(table[id].swapSlot)
        var node: MemCgroup? = memcg
        while let m = node, !m.isRoot {
            m.lruState!.swapPages -= 1
            node = m.parent
        }
        memcg.lruState!.swapLocal -= 1
        controller.putID(memcg)
        controller.put(memcg)
    }

    /// memory.swap.events: counted on `memcg` and its ancestors.
    func swapEvent(_ memcg: MemCgroup, _ event: SwapEvent) {
        var node: MemCgroup? = memcg
        while let m = node, !m.isRoot {
            state(m).swapEvents[event.rawValue] += 1
            node = m.parent
        }
    }
}

/// The events of `memory.swap.events`.
package enum SwapEvent: Int, CaseIterable, Sendable {
    case high, max, fail
    package var key: String {
        switch self {
        case .high: return "high"
        case .max: return "max"
        case .fail: return "fail"
        }
    }
}
