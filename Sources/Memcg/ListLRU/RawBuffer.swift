/// A growable buffer of plain values that its holder deallocates: the
/// list_lru tables' storage. Unlike an Array it has no copy-on-write
/// check and no reference count, so reading or writing an element on the
/// add and delete paths is one memory access; the price is that the
/// holder must call `deallocate()` exactly once.
struct RawBuffer<Element: BitwiseCopyable>: BitwiseCopyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        unsafeAddress { UnsafePointer(base + i) }
        nonmutating unsafeMutableAddress { base + i }
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: Element) {
        if count == capacity { reserve(capacity * 2) }
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func append(repeating element: Element, count n: Int) {
        if count + n > capacity { reserve(max(capacity * 2, count + n)) }
        (base + count).initialize(repeating: element, count: n)
        count += n
    }

    mutating func removeLast() -> Element {
        count -= 1
        return base[count]
    }

    /// Grows the allocation to exactly `newCapacity` (never shrinks).
    mutating func reserve(_ newCapacity: Int) {
        guard newCapacity > capacity else { return }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    mutating func removeAll() { count = 0 }

    func deallocate() { base.deallocate() }

    /// The elements, copied out (for cold paths).
    var elements: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
