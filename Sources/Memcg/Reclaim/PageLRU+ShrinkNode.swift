import KernelSim

// get_scan_count, shrink_lruvec, shrink_node_memcgs and
// do_try_to_free_pages (mm/vmscan.c), the classic (non-MGLRU) LRU.

extension PageLRU {
    /// `get_scan_count`: how many pages of each evictable list to scan at
    /// this priority: `size >> priority`, shrunk by memory.min/low
    /// protection, a dying memcg's last pages scraped out, and the anon/file
    /// split: file only without swap (or at swappiness 0 in memcg reclaim),
    /// even at priority 0, otherwise swappiness : 200 - swappiness
    /// (the model keeps no anon/file reclaim costs, so the kernel's cost
    /// weighting is left out).
    func scanCounts(_ memcg: MemCgroup, node: Int, sc: ScanControl) -> [Int] {
        let lruvec = memcg.lruState!.lruvecs[node]
        enum Balance { case equal, fraction, fileOnly }
        var balance = Balance.fraction
        let canSwap = sc.maySwap && swapPagesAvailable(memcg) > 0
        if !canSwap || (sc.target != nil && sc.swappiness == 0) {
            balance = .fileOnly
        } else if sc.priority == 0 {
            balance = .equal
        }
        let anonWeight = sc.swappiness
        let fileWeight = 200 - sc.swappiness
        let (minProtection, lowProtection) = protection(of: memcg, sc: sc)
        let usage = memcg.memory.usage
        var counts = [0, 0, 0, 0]
        for list in [LRUList.inactiveAnon, .activeAnon, .inactiveFile, .activeFile] {
            let size = lruvec.size(list)
            var scan = size
            if minProtection > 0 || lowProtection > 0 {
                let protected = sc.memcgLowReclaim ? minProtection : Swift.max(minProtection, lowProtection)
                let cgroupSize = Swift.max(usage, protected)
                scan = size - size * protected / (cgroupSize + 1)
                scan = Swift.max(scan, Self.swapClusterMax)
            }
            scan >>= sc.priority
            if scan == 0, !memcg.isOnline { scan = Swift.min(size, Self.swapClusterMax) }
            switch balance {
            case .equal: break
            case .fileOnly: if !list.isFile { scan = 0 }
            case .fraction:
                let weight = list.isFile ? fileWeight : anonWeight
                let scaled = scan * weight
                scan = memcg.isOnline ? scaled / 200 : (scaled + 199) / 200
            }
            counts[list.rawValue] = Swift.min(scan, size)
        }
        return counts
    }

    /// `shrink_lruvec`: scans the lists in SWAP_CLUSTER_MAX batches, round
    /// robin, until the counts are spent or (outside global reclaim) enough
    /// was freed; then ages the active anon list if the inactive one is low.
    func shrinkLruvec(_ memcg: MemCgroup, node: Int, sc: inout ScanControl) {
        var counts = scanCounts(memcg, node: node, sc: sc)
        let target = sc.nrToReclaim
        var reclaimed = 0
        while counts[0] > 0 || counts[2] > 0 || counts[3] > 0 {
            for list in [LRUList.inactiveAnon, .activeAnon, .inactiveFile, .activeFile] where counts[list.rawValue] > 0 {
                let batch = Swift.min(counts[list.rawValue], Self.swapClusterMax)
                counts[list.rawValue] -= batch
                reclaimed += shrinkList(list, count: batch, memcg: memcg, node: node, sc: &sc)
            }
            if sc.target != nil, !sc.proactive, sc.nrReclaimed + reclaimed >= target { break }
        }
        sc.nrReclaimed += reclaimed
        if sc.maySwap, swapPagesAvailable(memcg) > 0, inactiveIsLow(memcg, node: node, file: false) {
            shrinkActiveList(.activeAnon, count: Self.swapClusterMax, memcg: memcg, node: node, sc: &sc)
        }
    }

    /// `shrink_node_memcgs` (6.12): the memcgs of the target's subtree in
    /// `mem_cgroup_iter` order (pre-order, dying memcgs included while they
    /// hold references), minus those memory.min protects and, until a
    /// retry allows it, those memory.low protects; then `shrink_slab` for
    /// the same memcg, node and priority. Slab pages its shrinkers free
    /// count as reclaimed (`reclaim_state`).
    ///
    /// A reclaimer other than kswapd walks partially with a reclaim cookie
    /// (6be5e186fd65, "mm: vmscan: restore incremental cgroup iteration",
    /// 6.11): it starts after the memcg where the last walk of the same
    /// target on the node stopped, stops once it has freed what it wanted
    /// (`mem_cgroup_iter_break`, leaving the position there), and a walk
    /// that reaches the end of the subtree starts the next round from the
    /// first memcg again; one that would start at the end starts at the
    /// first. So successive reclaimers of one root go round the subtree
    /// instead of all taking from its first memcgs. kswapd, and a direct
    /// reclaimer's full-walk retry, visit every memcg from the first.
    func shrinkNode(_ node: Int, sc: inout ScanControl) {
        let root = sc.target ?? controller.root
        let subtree = subtreeInIterOrder(root)
        sumChildrenProtection(subtree)
        let partial = !sc.isKswapd && !sc.memcgFullWalk
        let cookie = partial ? state(root) : nil
        var start = subtree.startIndex
        if let cookie, let position = cookie.reclaimPositions[node],
           let index = iterOrder.position(slot: cookie.reclaimPositionSlots[node], serial: position),
           subtree.indices.contains(index) {
            start = index + 1 < subtree.endIndex ? index + 1 : subtree.startIndex
        }
        // Memcgs with nothing charged, or whose lists the walk does not
        // visit, are skipped at once (below), so the walk goes from one
        // charged memcg to the next; passing over the others changes
        // nothing, not even the cookie's final position. Once a memcg may
        // have joined them mid-walk (`walkEpoch`), the list is stale and
        // the walk looks at every memcg from there on.
        let epoch = walkEpoch
        let charged = iterOrder.chargedPositions(epoch: epoch)
        var next = 0
        var index = start
        while index < subtree.endIndex {
            if walkEpoch == epoch {
                while next < charged.count, Int(charged[next]) < index { next += 1 }
                guard next < charged.count else { break }
                index = Int(charged[next])
                guard index < subtree.endIndex else { break }
            }
            let memcg = subtree[index]
            index += 1
            cookie?.setReclaimPosition(memcg, node: node)
            // Nothing charged: below any memory.min, as `mem_cgroup_below_min`
            // finds an empty memcg (emin >= usage), so it is skipped.
            guard memcg.memory.usage > 0 || memcg.isRoot else { continue }
            // Up to 3.18 (and in the 2014 RFC) the walk skips memcgs whose
            // offline ran (`css_tryget_online`); from 3.19 it visits them.
            guard reclaimVisits(memcg) else { continue }
            calculateProtection(memcg, root: root)
            if belowMin(memcg, root: root) { continue }
            if belowLow(memcg, root: root) {
                guard sc.memcgLowReclaim else {
                    sc.memcgLowSkipped = true
                    continue
                }
                controller.memoryEvent(memcg, .low)
                sc.lowEvents += 1
            }
            // An lruvec with nothing evictable has nothing to scan or age.
            if let state = memcg.lruState, state.lruvecs[node].evictable > 0 { shrinkLruvec(memcg, node: node, sc: &sc) }
            if let shrinkers = controller.shrinkerStorage, memcg.state.isOnline {
                let before = root.memory.usage
                shrinkers.shrinkSlab(memcg: memcg, node: node, priority: sc.priority)
                sc.nrReclaimed += Swift.max(before - root.memory.usage, 0)
            }
            if partial, sc.nrReclaimed >= sc.nrToReclaim { return }
        }
        // The end of the subtree: the next partial walk starts a new round.
        cookie?.setReclaimPosition(nil, node: node)
    }

    /// Changes whenever a memcg may have joined those reclaim's walk looks
    /// at: a usage rose from zero, or a memcg's lists are visited again.
    var walkEpoch: Int { controller.usageRaisedFromZero &+ walkChanges.reachOpened }

    /// `do_try_to_free_pages`: priority 12 down to 0 over the nodes until
    /// enough is freed; a pass that freed nothing because memory.low spared
    /// memcgs is run again with memory.low broken, and one that freed
    /// nothing with partial walks is run again walking every memcg
    /// (`memcg_full_walk`, so that resuming mid-subtree never ends in a
    /// premature OOM).
    func doTryToFreePages(_ sc: inout ScanControl, nodes: [Int]) {
        let slabScanned = controller.shrinkerStorage?.statistics.scanned ?? 0
        defer {
            // Nothing isolated, no slab object scanned, no event: running the
            // same reclaim again on the same state would do the same nothing.
            lastReclaimWasIdle = sc.nrScanned == 0 && sc.lowEvents == 0 && sc.nrReclaimed == 0
                && (controller.shrinkerStorage?.statistics.scanned ?? 0) == slabScanned
        }
        while true {
            sc.priority = Self.defaultPriority
            while sc.priority >= 0 {
                for node in nodes { shrinkNode(node, sc: &sc) }
                if sc.nrReclaimed >= sc.nrToReclaim { break }
                sc.priority -= 1
            }
            guard sc.nrReclaimed == 0 else { break }
            if sc.memcgLowSkipped, !sc.memcgLowReclaim {
                sc.memcgLowReclaim = true
            } else if !sc.memcgFullWalk, !sc.isKswapd {
                sc.memcgFullWalk = true
            } else {
                break
            }
        }
        spendReclaimTime(sc.nrScanned)
    }

    /// `try_to_free_mem_cgroup_pages`: limit reclaim of a memcg's subtree on
    /// every node, the current CPU's node first. Returns pages freed.
    @discardableResult
    public func tryToFreeMemcgPages(_ memcg: MemCgroup, pages: Int, maySwap: Bool = true,
                                    swappiness: Int? = nil, proactive: Bool = false) -> Int {
        var sc = ScanControl(nrToReclaim: Swift.max(pages, Self.swapClusterMax), target: memcg,
                             swappiness: swappiness ?? self.swappiness)
        sc.maySwap = maySwap
        sc.proactive = proactive
        statistics.directReclaims += 1
        doTryToFreePages(&sc, nodes: nodesFromCurrent())
        return sc.nrReclaimed
    }

    /// The nodes in zonelist order from the current CPU's node.
    func nodesFromCurrent() -> [Int] {
        let first = kernel.currentNode
        return (0..<kernel.nodes).map { (first + $0) % kernel.nodes }
    }

    /// Reclaim is work the reclaiming context does: the time its scanning
    /// took is owed by whoever reclaimed, and paid when it next may sleep.
    func spendReclaimTime(_ scanned: Int) {
        owedTime = owedTime + kernel.costs.listNodeVisit * UInt64(scanned)
    }

    /// The memcgs of `root`'s subtree in pre-order, children in creation
    /// order, dying ones included (released ones no longer).
    func subtreeInIterOrder(_ root: MemCgroup) -> ArraySlice<MemCgroup> {
        iterOrder.update(controller)
        return iterOrder.subtree(of: root)
    }
}
