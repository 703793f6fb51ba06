/// A swap device (`swapon`): a number of page-sized slots and, per slot,
/// the ID of the memcg that charged it (`swap_cgroup`, an unsigned short
/// per entry), which outlives the memcg's other links to the page.
package struct SwapDevice: Sendable {
    package let slots: Int
    private var freeSlots: [UInt32]
    /// Per slot, the memcg ID recorded at swap-out (0 when free).
    private(set) var memcgIDs: [UInt16]

    init(slots: Int) {
        self.slots = slots
        freeSlots = (0..<UInt32(slots)).reversed()
        memcgIDs = Array(repeating: 0, count: slots)
    }

    package var used: Int { slots - freeSlots.count }
    package var free: Int { freeSlots.count }

    mutating func allocate(memcgID: Int) -> UInt32? {
        guard let slot = freeSlots.popLast() else { return nil }
        memcgIDs[Int(slot)] = UInt16(truncatingIfNeeded: memcgID)
        return slot
    }

    mutating func release(_ slot: UInt32) {
        memcgIDs[Int(slot)] = 0
        freeSlots.append(slot)
    }
}
