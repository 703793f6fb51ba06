/// The memcg tree in `mem_cgroup_iter` order: pre-order from the root,
/// children in creation order, online and dying memcgs (released ones no
/// longer, nor anything below a memcg that is not listed), with each
/// memcg's subtree as a contiguous range.
///
/// The kernel walks the css tree in place (`css_next_descendant_pre`);
/// the model keeps it flattened and slices it. This is a model-side index
/// only: reclaim visits the same memcgs in the same order as a walk of
/// the tree, and nothing here is charged as kernel work.
///
/// With tens of thousands of dying memcgs the tree changes with every
/// mkdir and release, so the order is kept up to date in place: a new
/// memcg is its parent's last child (it goes right after the parent's
/// subtree), and a released memcg is a leaf (its children pinned it until
/// they were freed). `rebuilt(_:)` builds the same order from scratch; the
/// page invariants compare the two.
struct MemcgIterOrder {
    /// The memcgs in pre-order.
    private(set) var order: [MemCgroup] = []
    /// Per position in `order`, the last position of its subtree.
    private var subtreeEnd: [Int32] = []
    /// Per stats slot index (unique among memcgs not yet freed), the
    /// memcg's position in `order`, or -1.
    private var positionBySlot: [Int32] = []
    /// Bumped whenever `order` changes.
    private(set) var version = 0
    private var built = false
    /// The serial of the newest memcg taken from the registry.
    private var newestSerial: UInt64 = 0
    /// Memcgs released since the last update, and the controller's count
    /// of releases at the last update.
    private var released: [MemCgroup] = []
    private var releasedCount = 0

    /// Positions of the memcgs with pages charged (and of the root), and
    /// the order version and charge epoch they were taken at.
    private var charged: [Int32] = []
    private var chargedKey = (version: -1, epoch: -1)

    /// A memcg was released (css_release): it leaves the order at the next update.
    mutating func noteReleased(_ memcg: MemCgroup) {
        if built { released.append(memcg) }
    }

    /// Brings the order up to date with the controller's cgroups.
    mutating func update(_ controller: MemoryController) {
        let registry = controller.registry
        let releasedSoFar = controller.lifetime.released
        // Every release since the last update must have been noted (a walk
        // between a release and its note, or before the page layer
        // existed, finds the counts apart): otherwise start again.
        guard built, releasedSoFar - releasedCount == released.count else {
            self = Self.rebuilt(registry)
            self.releasedCount = releasedSoFar
            return
        }
        releasedCount = releasedSoFar
        if !released.isEmpty {
            remove(released)
            released.removeAll(keepingCapacity: true)
            guard built else {
                self = Self.rebuilt(registry)
                self.releasedCount = releasedSoFar
                return
            }
        }
        guard let newest = registry.last, newest.serial > newestSerial else { return }
        var first = registry.count - 1
        while first > 0, registry[first - 1].serial > newestSerial { first -= 1 }
        newestSerial = newest.serial
        for memcg in registry[first...] where memcg.state.isOnline || memcg.state.isKilledOrDying {
            insert(memcg)
        }
    }

    /// The order built from the registry (creation order) in linear time:
    /// subtree sizes summed from the leaves, each child placed after its
    /// earlier siblings' subtrees.
    static func rebuilt(_ registry: [MemCgroup]) -> MemcgIterOrder {
        var result = MemcgIterOrder()
        result.built = true
        result.newestSerial = registry.last?.serial ?? 0
        var slots = 0
        for memcg in registry where memcg.state != .freed { slots = Swift.max(slots, memcg.statsSlot.index + 1) }
        var memberBySlot = [Int32](repeating: -1, count: slots)
        var members: [MemCgroup] = []
        var parentIndex: [Int32] = []
        // A parent is always created (and listed) before its children.
        for memcg in registry where memcg.state.isOnline || memcg.state.isKilledOrDying {
            if let parent = memcg.parent {
                let slot = parent.statsSlot.index
                guard parent.state != .freed, slot < slots else { continue }
                let p = memberBySlot[slot]
                guard p >= 0, members[Int(p)] === parent else { continue }
                parentIndex.append(p)
            } else {
                parentIndex.append(-1)
            }
            memberBySlot[memcg.statsSlot.index] = Int32(members.count)
            members.append(memcg)
        }
        let count = members.count
        var sizes = [Int32](repeating: 1, count: count)
        for i in stride(from: count - 1, through: 0, by: -1) where parentIndex[i] >= 0 {
            sizes[Int(parentIndex[i])] += sizes[i]
        }
        var nextFree = [Int32](repeating: 0, count: count)
        result.order = members
        result.subtreeEnd = [Int32](repeating: 0, count: count)
        result.positionBySlot = [Int32](repeating: -1, count: slots)
        var rootNext: Int32 = 0
        for i in 0..<count {
            let position: Int32
            let p = Int(parentIndex[i])
            if p >= 0 {
                position = nextFree[p]
                nextFree[p] += sizes[i]
            } else {
                position = rootNext
                rootNext += sizes[i]
            }
            nextFree[i] = position + 1
            result.order[Int(position)] = members[i]
            result.subtreeEnd[Int(position)] = position + sizes[i] - 1
            result.positionBySlot[members[i].statsSlot.index] = position
        }
        return result
    }

    /// Places a new memcg after its parent's subtree.
    private mutating func insert(_ memcg: MemCgroup) {
        guard let parent = memcg.parent, let parentPosition = position(of: parent) else { return }
        let at = Int(subtreeEnd[parentPosition]) + 1
        order.insert(memcg, at: at)
        subtreeEnd.insert(Int32(at), at: at)
        shift(from: at + 1, by: 1)
        var ancestor: MemCgroup? = parent
        while let a = ancestor, let p = position(of: a) {
            subtreeEnd[p] += 1
            ancestor = a.parent
        }
        let slot = memcg.statsSlot.index
        if slot >= positionBySlot.count {
            positionBySlot.append(contentsOf: repeatElement(-1, count: slot + 1 - positionBySlot.count))
        }
        positionBySlot[slot] = Int32(at)
        version += 1
    }

    /// Takes released memcgs out, in one pass however many there are
    /// (each was a leaf, or its descendants go with it).
    private mutating func remove(_ memcgs: [MemCgroup]) {
        var removed = [Bool](repeating: false, count: order.count)
        for memcg in memcgs {
            guard let at = position(slot: memcg.statsSlot.index, serial: memcg.serial) else { continue }
            removed[at] = true
        }
        var removedBefore = [Int32](repeating: 0, count: order.count + 1)
        for i in 0..<order.count { removedBefore[i + 1] = removedBefore[i] + (removed[i] ? 1 : 0) }
        guard removedBefore[order.count] > 0 else { return }
        var kept: [MemCgroup] = []
        var keptEnds: [Int32] = []
        kept.reserveCapacity(order.count)
        keptEnds.reserveCapacity(order.count)
        for i in 0..<order.count where removed[i] {
            let end = Int(subtreeEnd[i])
            // A memcg taken out with descendants left behind: start again
            // from the registry.
            guard removedBefore[end + 1] - removedBefore[i] == Int32(end - i + 1) else {
                built = false
                return
            }
            positionBySlot[order[i].statsSlot.index] = -1
        }
        for i in 0..<order.count where !removed[i] {
            let end = Int(subtreeEnd[i])
            positionBySlot[order[i].statsSlot.index] = Int32(i) - removedBefore[i]
            kept.append(order[i])
            keptEnds.append(Int32(end) - removedBefore[end + 1])
        }
        order = kept
        subtreeEnd = keptEnds
        version += 1
    }

    private mutating func shift(from start: Int, by delta: Int32) {
        guard start < order.count else { return }
        for i in start..<order.count {
            subtreeEnd[i] += delta
            positionBySlot[order[i].statsSlot.index] += delta
        }
    }

    /// The position of `memcg` in the order, if it is listed.
    func position(of memcg: MemCgroup) -> Int? {
        guard memcg.state != .freed else { return nil }
        return position(slot: memcg.statsSlot.index, serial: memcg.serial)
    }

    /// The position of the memcg with this stats slot and serial, if it is
    /// listed (a slot may have been reused by a newer memcg since).
    func position(slot: Int, serial: UInt64) -> Int? {
        guard slot >= 0, slot < positionBySlot.count else { return nil }
        let position = Int(positionBySlot[slot])
        guard position >= 0, position < order.count, order[position].serial == serial else { return nil }
        return position
    }

    /// `memcg` and its listed descendants, in order; empty if it is not listed.
    func subtree(of memcg: MemCgroup) -> ArraySlice<MemCgroup> {
        guard let start = position(of: memcg) else { return [] }
        return order[start...Int(subtreeEnd[start])]
    }

    /// The positions, in order, of the memcgs a reclaim walk does not pass
    /// over at once: the root and every memcg with pages charged
    /// (`memory.current` above zero), less those whose lists the walk does
    /// not visit (`LruvecReach.reclaimVisits`). Taken again when the order
    /// changed or `epoch` did (it counts usages that rose from zero and
    /// reaches that opened since).
    mutating func chargedPositions(epoch: Int) -> [Int32] {
        if chargedKey != (version, epoch) {
            chargedKey = (version, epoch)
            charged.removeAll(keepingCapacity: true)
            for (position, memcg) in order.enumerated()
            where (memcg.memory.usage > 0 || memcg.isRoot) && (memcg.lruState?.reach.reclaimVisits ?? true) {
                charged.append(Int32(position))
            }
        }
        return charged
    }

    /// The listed memcgs' serials, in order (for the invariant check).
    var serials: [UInt64] { order.map(\.serial) }
}

/// Counts the changes that can add a memcg to the ones reclaim's walk
/// looks at (`MemcgIterOrder.chargedPositions`) besides charges: a
/// memcg's lists becoming visited again. Shared by the page layer and its
/// memcgs' page-side states.
final class ReclaimWalkChanges {
    @exclusivity(unchecked) var reachOpened = 0
}
