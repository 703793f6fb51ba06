import HeapModule

/// Hands out the lowest free integer in a range, as the kernel's IDR and
/// IDA do for memcg IDs and kmemcg cache IDs.
package struct IDAllocator: Sendable {
    package let range: ClosedRange<Int>
    private var next: Int
    private var released = Heap<Int>()
    package private(set) var inUse = 0
    /// The most IDs ever in use at once.
    private(set) var highWater = 0

    init(range: ClosedRange<Int>) {
        self.range = range
        self.next = range.lowerBound
    }

    /// The lowest free ID, or nil when every ID is taken.
    package mutating func allocate() -> Int? {
        let id: Int
        if let lowest = released.min, lowest < next {
            id = released.removeMin()
        } else if next <= range.upperBound {
            id = next
            next += 1
        } else {
            return nil
        }
        inUse += 1
        highWater = max(highWater, inUse)
        return id
    }

    package mutating func release(_ id: Int) {
        precondition(range.contains(id) && id < next, "releasing an ID that was never allocated")
        released.insert(id)
        inUse -= 1
    }

    /// One past the highest ID handed out so far.
    package var limit: Int { next }
}
