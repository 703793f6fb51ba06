/// The shrinkers of one controller: `shrinker_list` in registration order,
/// `shrinker_idr` for memcg-aware ones, each memcg's per-node bitmaps and
/// deferred counts, and `shrink_slab()`.
///
/// Which shrinkers memcg reclaim calls is the design's `shrinkerBitmap`
/// knob (`selection`: `CallAllShrinkers`, `ShrinkersByBitmap`); where
/// deferred work is kept, `shrinkerDeferred` (`deferredCounts`:
/// `GlobalDeferredCounts`, `PerMemcgDeferredCounts`). The scan target
/// is the one kernels since 4.16 compute from the reclaim priority
/// (earlier ones scaled by the ratio of LRU pages scanned; not modelled).
package final class ShrinkerRegistry {
    public unowned let controller: MemoryController
    let bitmap: ShrinkerBitmap
    let deferredDesign: ShrinkerDeferred
    /// The variant that picks the shrinkers memcg reclaim calls.
    let selection: any ShrinkerSelection.Type
    /// The variant that keeps deferred work.
    let deferredCounts: any ShrinkerDeferredCounts.Type
    /// `selection.recordsBits`, read on every list that becomes non-empty.
    private let recordsBits: Bool

    /// `shrinker_list`, in registration order.
    @exclusivity(unchecked) package private(set) var registered: [Shrinker] = []
    /// `shrinker_idr`: memcg-aware shrinkers by ID.
    @exclusivity(unchecked) private var byID: [Shrinker?] = []
    @exclusivity(unchecked) private var ids = IDAllocator(range: 0...Int(Int32.max))
    @exclusivity(unchecked) package internal(set) var statistics = ShrinkerRegistryStatistics()

    /// DEF_PRIORITY: reclaim starts at 12 and works down to 0.
    package static let defaultPriority = 12

    init(controller: MemoryController) {
        self.controller = controller
        bitmap = controller.design.shrinkerBitmap
        deferredDesign = controller.design.shrinkerDeferred
        selection = bitmap.selection
        deferredCounts = deferredDesign.counts
        recordsBits = selection.recordsBits
        controller.addOfflineStep("reparent_shrinker_deferred") { [unowned self] memcg, done in
            self.reparentDeferred(memcg)
            done()
        }
        controller.addReleaseStep("free_shrinker_info") { memcg in memcg.shrinkerInfo = [] }
    }

    private var nodes: Int { controller.kernel.nodes }

    // MARK: Registration

    /// `register_shrinker()`: adds the shrinker at the end of the list; a
    /// memcg-aware one gets the lowest free ID.
    package func register(_ shrinker: Shrinker) throws(MemcgError) {
        guard !shrinker.isRegistered else {
            throw MemcgError(.EINVAL, "shrinker \(shrinker.name) is already registered")
        }
        if shrinker.isMemcgAware {
            guard let id = ids.allocate() else { throw MemcgError(.ENOMEM, "no shrinker ID left") }
            if id >= byID.count { byID.append(contentsOf: repeatElement(nil, count: id + 1 - byID.count)) }
            byID[id] = shrinker
            shrinker.id = id
        }
        shrinker.nrDeferred = [Int](repeating: 0, count: shrinker.flags.contains(.numaAware) ? nodes : 1)
        shrinker.isRegistered = true
        registered.append(shrinker)
    }

    /// `unregister_shrinker()`: the ID is freed at once; bits that still
    /// name it are cleared when memcg reclaim next finds no shrinker there.
    package func unregister(_ shrinker: Shrinker) {
        guard shrinker.isRegistered else { return }
        registered.removeAll { $0 === shrinker }
        if let id = shrinker.id {
            byID[id] = nil
            ids.release(id)
            shrinker.id = nil
        }
        shrinker.isRegistered = false
        shrinker.nrDeferred = []
    }

    /// The registered memcg-aware shrinker with this ID.
    package func shrinker(id: Int) -> Shrinker? { id >= 0 && id < byID.count ? byID[id] : nil }

    // MARK: Bitmaps

    /// `set_shrinker_bit()`: the memcg may have objects for this shrinker
    /// on this node. Nothing to record for the root (global reclaim calls
    /// every shrinker) or before the bitmap existed.
    func setBit(_ memcg: MemCgroup, node: Int, shrinkerID: Int) {
        guard recordsBits, !memcg.isRoot else { return }
        ensureInfo(memcg)
        if memcg.shrinkerInfo[node].set(shrinkerID) { statistics.bitsSet += 1 }
    }

    /// Whether the memcg's bit for the shrinker is set on `node`.
    func isBitSet(_ memcg: MemCgroup, node: Int, shrinkerID: Int) -> Bool {
        node < memcg.shrinkerInfo.count && memcg.shrinkerInfo[node].isSet(shrinkerID)
    }

    /// The shrinker IDs whose bit is set for the memcg on `node`, ascending.
    package func setBits(_ memcg: MemCgroup, node: Int) -> [Int] {
        node < memcg.shrinkerInfo.count ? memcg.shrinkerInfo[node].setBits : []
    }

    func ensureInfo(_ memcg: MemCgroup) {
        if memcg.shrinkerInfo.isEmpty { memcg.shrinkerInfo = [ShrinkerInfo](repeating: ShrinkerInfo(), count: nodes) }
    }

    // MARK: Deferred work

    /// The deferred count a call with this control uses, and where it lives.
    func deferred(_ shrinker: Shrinker, node: Int, memcg: MemCgroup) -> Int {
        deferredCounts.count(self, shrinker, node: shrinker.flags.contains(.numaAware) ? node : 0, memcg: memcg)
    }

    /// `xchg_nr_deferred()`: takes all deferred work.
    private func takeDeferred(_ shrinker: Shrinker, _ sc: ShrinkControl) -> Int {
        deferredCounts.take(self, shrinker, sc)
    }

    /// `add_nr_deferred()`.
    private func addDeferred(_ amount: Int, _ shrinker: Shrinker, _ sc: ShrinkControl) {
        guard amount > 0 else { return }
        deferredCounts.add(self, amount, shrinker, sc)
    }

    /// `reparent_shrinker_deferred()` (offline; per-memcg design only): the
    /// memcg's deferred work is added to its parent's.
    func reparentDeferred(_ memcg: MemCgroup) {
        deferredCounts.reparent(self, memcg)
    }

    // MARK: shrink_slab

    /// `shrink_slab()`: for the root, every registered shrinker; for another
    /// memcg (online only), the memcg-aware shrinkers, either all of them
    /// (`callAll`) or those whose bit is set (`bitmap`), clearing the bit of
    /// one that reports nothing after a second look. Returns objects freed.
    @discardableResult
    package func shrinkSlab(memcg: MemCgroup, node: Int, priority: Int) -> Int {
        precondition(node >= 0 && node < nodes, "shrink_slab: node \(node) out of range")
        precondition((0...Self.defaultPriority).contains(priority), "shrink_slab: priority \(priority) out of 0...12")
        statistics.shrinkSlabCalls += 1
        var freed = 0
        if memcg.isRoot {
            for shrinker in registered {
                freed += doShrinkSlab(shrinker, memcg: memcg, node: node, priority: priority) ?? 0
            }
            return freed
        }
        guard memcg.state.isOnline else { return 0 }
        return selection.shrink(self, memcg: memcg, node: node, priority: priority)
    }

    /// `do_shrink_slab()`: count, take the deferred work, scan in batches
    /// the share the priority and seeks ask for (at most twice the
    /// freeable count), and defer what was not done. Returns nil for SHRINK_EMPTY.
    func doShrinkSlab(_ shrinker: Shrinker, memcg: MemCgroup, node: Int, priority: Int) -> Int? {
        var sc = ShrinkControl(node: shrinker.flags.contains(.numaAware) ? node : 0, memcg: memcg)
        statistics.shrinkerCalls += 1
        shrinker.statistics.calls += 1
        guard let freeable = shrinker.countObjects(sc) else {
            shrinker.statistics.emptyCalls += 1
            return nil
        }
        guard freeable > 0 else { return 0 }
        let deferred = takeDeferred(shrinker, sc)
        let delta = shrinker.seeks > 0 ? (freeable >> priority) * 4 / shrinker.seeks : freeable / 2
        var totalScan = min((deferred >> priority) + delta, 2 * freeable)
        let batch = shrinker.batch > 0 ? shrinker.batch : Shrinker.defaultBatch
        var scanned = 0, freed = 0
        while totalScan > 0, totalScan >= batch || totalScan >= freeable {
            sc.nrToScan = min(batch, totalScan)
            sc.nrScanned = sc.nrToScan
            shrinker.statistics.scanCalls += 1
            guard let done = shrinker.scanObjects(&sc) else { break }
            freed += done
            // A shrinker that claims to have scanned nothing would loop forever.
            let step = max(sc.nrScanned, 1)
            totalScan -= min(step, totalScan)
            scanned += step
        }
        shrinker.statistics.scanned += scanned
        shrinker.statistics.freed += freed
        statistics.scanned += scanned
        statistics.freed += freed
        let next = min(max(deferred + delta - scanned, 0), 2 * freeable)
        addDeferred(next, shrinker, sc)
        return freed
    }
}

extension ShrinkerRegistry {
    /// One pass of `drop_slab_node()` limited to a subtree: `shrink_slab()`
    /// for `memcg` and each of its descendants (dying ones included, as
    /// `mem_cgroup_iter()` visits them), parents first, on every node.
    /// Returns objects freed.
    @discardableResult
    package func shrinkSlab(subtree memcg: MemCgroup, priority: Int) -> Int {
        let members = controller.allCgroups.filter { candidate in
            var node: MemCgroup? = candidate
            while let n = node {
                if n === memcg { return true }
                node = n.parent
            }
            return false
        }
        var freed = 0
        for node in 0..<controller.kernel.nodes {
            for member in members { freed += shrinkSlab(memcg: member, node: node, priority: priority) }
        }
        return freed
    }
}
