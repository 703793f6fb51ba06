// page-conservation: where every page is, and that the counts agree.

extension PageLRU {
    /// - every allocated record is in exactly one place: an add batch, one
    ///   list of the lruvec of its memcg and node (its home list), isolated
    ///   by reclaim, or swapped out (a swap entry with a slot);
    /// - list sizes match the lists, and links run both ways;
    /// - per memcg, the anon and file pages with frames match the counts
    ///   the charge invariant uses; swap entries match the swap counts;
    /// - frames in use plus free frames are the machine's frames.
    func checkInvariants() -> [ModelViolation] {
        var broken: [ModelViolation] = []
        var onLists = 0
        var framesUsed = Array(repeating: 0, count: host.framesPerNode.count)
        var anon: [UInt32: Int] = [:], file: [UInt32: Int] = [:], swapped: [UInt32: Int] = [:]
        var batched = 0, isolated = 0
        for index in 0..<table.capacity {
            let id = PageID(index)
            let record = table[id]
            guard record.flags.contains(.allocated) else { continue }
            let places = [PageFlags.lru, .batched, .isolated, .swapped].count { record.flags.contains($0) }
            if places != 1 {
                broken.append(ModelViolation("page-conservation", "page \(id) is in \(places) places (flags \(record.flags.rawValue))"))
            }
            guard Int(record.owner) < owners.count, owners[Int(record.owner)] != nil else {
                broken.append(ModelViolation("page-conservation", "page \(id) belongs to no memcg"))
                continue
            }
            if record.flags.contains(.swapped) {
                swapped[record.owner, default: 0] += 1
                continue
            }
            framesUsed[Int(record.node)] += 1
            if record.isFile { file[record.owner, default: 0] += 1 } else { anon[record.owner, default: 0] += 1 }
            if record.flags.contains(.batched) { batched += 1 }
            if record.flags.contains(.isolated) { isolated += 1 }
        }
        if batched != batchedPages {
            broken.append(ModelViolation("page-conservation", "\(batchedPages) pages in add batches, \(batched) marked batched"))
        }
        for (slot, memcg) in owners.enumerated() {
            guard let memcg, let state = memcg.lruState else { continue }
            let key = UInt32(slot)
            for node in 0..<state.lruvecs.count {
                for list in LRUList.allCases {
                    let pages = self.pages(of: memcg, node: node, list: list)
                    onLists += pages.count
                    if pages.count != state.lruvecs[node].size(list) {
                        broken.append(ModelViolation("page-conservation", "\(controller.describe(memcg)) node \(node) \(list): size \(state.lruvecs[node].size(list)), \(pages.count) pages on the list"))
                    }
                    var previous = PageRecord.none
                    for id in pages {
                        let record = table[id]
                        if record.owner != key || Int(record.node) != node || record.homeList != list || !record.flags.contains(.lru) || record.prev != previous {
                            broken.append(ModelViolation("page-conservation", "page \(id) on \(controller.describe(memcg)) node \(node) \(list) does not belong there"))
                            break
                        }
                        previous = id
                    }
                    if state.lruvecs[node].tails[list.rawValue] != previous {
                        broken.append(ModelViolation("page-conservation", "\(controller.describe(memcg)) node \(node) \(list): tail is not the last page"))
                    }
                }
            }
            if state.anonPages != anon[key] ?? 0 {
                broken.append(ModelViolation("page-conservation", "\(controller.describe(memcg)): \(state.anonPages) anon pages charged, \(anon[key] ?? 0) resident"))
            }
            if state.filePages != file[key] ?? 0 {
                broken.append(ModelViolation("page-conservation", "\(controller.describe(memcg)): \(state.filePages) file pages charged, \(file[key] ?? 0) resident"))
            }
            if state.swapLocal != swapped[key] ?? 0 {
                broken.append(ModelViolation("page-conservation", "\(controller.describe(memcg)): \(state.swapLocal) swap entries charged, \(swapped[key] ?? 0) swapped pages"))
            }
        }
        let lruCount = (0..<table.capacity).count { table[PageID($0)].flags.contains(.lru) && table[PageID($0)].flags.contains(.allocated) }
        if onLists != lruCount {
            broken.append(ModelViolation("page-conservation", "\(lruCount) pages marked on an LRU, \(onLists) on the lists"))
        }
        for node in 0..<framesUsed.count where framesUsed[node] + host.freeFrames[node] != host.framesPerNode[node] {
            broken.append(ModelViolation("page-conservation", "node \(node): \(framesUsed[node]) frames used + \(host.freeFrames[node]) free != \(host.framesPerNode[node])"))
        }
        if let swap, swap.used != swapped.values.reduce(0, +) {
            broken.append(ModelViolation("page-conservation", "\(swap.used) swap slots used, \(swapped.values.reduce(0, +)) swapped pages"))
        }
        _ = isolated
        return broken + checkAWOL() + checkIterOrder()
    }
}

extension PageLRU {
    /// The reclaim walk's order, kept up to date in place, is the order
    /// built from scratch.
    func checkIterOrder() -> [ModelViolation] {
        iterOrder.update(controller)
        let kept = iterOrder.serials
        let built = MemcgIterOrder.rebuilt(controller.registry).serials
        guard kept != built else { return [] }
        return [ModelViolation("iter-order", "reclaim's memcg order kept in place (\(kept.count) memcgs) differs from the tree's (\(built.count))")]
    }
}
