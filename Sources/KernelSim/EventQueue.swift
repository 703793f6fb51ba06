import HeapModule

/// One pending action on the virtual timeline.
///
/// Ordered by time, then by the order it was scheduled in, so that two
/// events due at the same instant always run in the same order.
struct ScheduledEvent: Comparable {
    let time: UInt64
    let sequence: UInt64
    let cpu: Int32
    let isBackground: Bool
    let tag: StaticString
    let action: () -> Void

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.sequence == rhs.sequence }
    static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.time != rhs.time ? lhs.time < rhs.time : lhs.sequence < rhs.sequence
    }
}

/// A min-heap of scheduled events keyed by (time, insertion order).
struct EventQueue {
    private var heap = Heap<ScheduledEvent>()
    private var nextSequence: UInt64 = 0
    private(set) var foregroundCount = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextTime: UInt64? { heap.min?.time }

    mutating func push(time: UInt64, cpu: Int32, background: Bool, tag: StaticString, action: @escaping () -> Void) {
        heap.insert(ScheduledEvent(time: time, sequence: nextSequence, cpu: cpu, isBackground: background, tag: tag, action: action))
        nextSequence &+= 1
        if !background { foregroundCount += 1 }
    }

    mutating func pop() -> ScheduledEvent? {
        guard let event = heap.popMin() else { return nil }
        if !event.isBackground { foregroundCount -= 1 }
        return event
    }
}
