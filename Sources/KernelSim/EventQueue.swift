/// One pending action on the virtual timeline.
///
/// Ordered by time, then by the order it was scheduled in, so that two
/// events due at the same instant always run in the same order.
struct ScheduledEvent {
    let time: UInt64
    let sequence: UInt64
    let cpu: Int32
    let isBackground: Bool
    let tag: StaticString
    let action: () -> Void
}

/// A min-priority queue of scheduled events keyed by (time, insertion order).
///
/// The keys are unique (the sequence number never repeats), so the order
/// events come out in is fully determined by the keys, whatever the data
/// structure. This one is a 4-ary heap of small keys, 24 bytes each, that
/// name a slot in a side table holding the rest of the event: a sift moves
/// keys only, and four siblings sit in one or two cache lines. Slots are
/// recycled, most recently freed first.
struct EventQueue {
    private struct Key {
        var time: UInt64
        var sequence: UInt64
        var slot: Int

        @inline(__always)
        func precedes(_ other: Key) -> Bool {
            time != other.time ? time < other.time : sequence < other.sequence
        }
    }

    private struct Payload {
        let cpu: Int32
        let isBackground: Bool
        let tag: StaticString
        let action: () -> Void
    }

    private static let arity = 4

    private var keys: ContiguousArray<Key> = []
    private var payloads: ContiguousArray<Payload?> = []
    private var freeSlots: ContiguousArray<Int> = []
    private var nextSequence: UInt64 = 0
    private(set) var foregroundCount = 0

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }
    var nextTime: UInt64? { keys.first?.time }

    mutating func push(time: UInt64, cpu: Int32, background: Bool, tag: StaticString, action: @escaping () -> Void) {
        let payload = Payload(cpu: cpu, isBackground: background, tag: tag, action: action)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            payloads[slot] = payload
        } else {
            slot = payloads.count
            payloads.append(payload)
        }
        let key = Key(time: time, sequence: nextSequence, slot: slot)
        nextSequence &+= 1
        if !background { foregroundCount += 1 }

        keys.append(key)
        keys.withUnsafeMutableBufferPointer { heap in
            // Sift up: move parents that come later down into the hole.
            var hole = heap.count - 1
            while hole > 0 {
                let parent = (hole - 1) / Self.arity
                guard key.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = key
        }
    }

    /// Takes the earliest event out of a queue that is not empty. It
    /// returns no optional: an optional wrapper made the compiler destroy
    /// every event through generic value witnesses, some eighty
    /// instructions an event.
    mutating func removeFirst() -> ScheduledEvent {
        let top = keys[0]
        let last = keys.removeLast()
        if !keys.isEmpty {
            keys.withUnsafeMutableBufferPointer { heap in
                // Sift down `last` from the root: move the earliest child up
                // into the hole while it comes before `last`.
                let count = heap.count
                var hole = 0
                while true {
                    let first = hole * Self.arity + 1
                    if first >= count { break }
                    var best = first
                    var child = first + 1
                    let end = min(first + Self.arity, count)
                    while child < end {
                        if heap[child].precedes(heap[best]) { best = child }
                        child += 1
                    }
                    guard heap[best].precedes(last) else { break }
                    heap[hole] = heap[best]
                    hole = best
                }
                heap[hole] = last
            }
        }
        let payload = payloads[top.slot].take()!
        freeSlots.append(top.slot)
        if !payload.isBackground { foregroundCount -= 1 }
        return ScheduledEvent(time: top.time, sequence: top.sequence, cpu: payload.cpu,
                              isBackground: payload.isBackground, tag: payload.tag, action: payload.action)
    }
}
