/// A growable array reached through a raw pointer, with one owner: the
/// storage of the model's hot tables (list_lru links, records and sparse
/// map; the per-CPU statistics counters and the rstat tree; the slab
/// arena's records, bitmap words, tags and node lists).
///
/// Why not `Array` or `ContiguousArray`: every element store into an array
/// held by a class pays for a uniqueness (copy-on-write) check and the
/// array's reference counting on top of the store, which on the add,
/// delete, allocation and statistics update paths costs more than the
/// work itself (measured in release, 100,000 cgroups: 1.4 us per
/// statistics update with an array, against 0.2 us with a raw pointer).
/// Here an element access is one memory access.
///
/// The buffer is non-copyable: it has exactly one owner, and frees its
/// memory (deinitializing its elements first) when that owner lets it go.
/// Indexes are checked in debug builds, where the tests run; release
/// builds trust them.
struct UnsafeGrowableBuffer<Element: ~Copyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    subscript(i: Int) -> Element {
        unsafeAddress {
            assert(UInt(bitPattern: i) < UInt(bitPattern: count), "buffer index \(i) out of 0..<\(count)")
            return UnsafePointer(base + i)
        }
        unsafeMutableAddress {
            assert(UInt(bitPattern: i) < UInt(bitPattern: count), "buffer index \(i) out of 0..<\(count)")
            return base + i
        }
    }

    var isEmpty: Bool { count == 0 }

    /// Bytes of real memory reserved.
    var allocatedBytes: Int { capacity * MemoryLayout<Element>.stride }

    @inline(__always)
    mutating func append(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Doubles the allocation: `append`'s rare path, kept out of line so
    /// that the common one inlines into its callers.
    @inline(never)
    private mutating func grow() {
        reserve(capacity * 2)
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

    /// Doubles the allocation until `needed` elements fit, so that growing
    /// one element or one block at a time stays amortised O(1).
    mutating func reserveDoubling(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        reserve(newCapacity)
    }
}

extension UnsafeGrowableBuffer where Element: Copyable {
    /// Appends `n` copies of `element`, doubling the allocation when full.
    mutating func append(repeating element: Element, count n: Int) {
        reserveDoubling(count + n)
        (base + count).initialize(repeating: element, count: n)
        count += n
    }

    mutating func removeLast() -> Element {
        count -= 1
        return (base + count).move()
    }

    mutating func removeAll() {
        base.deinitialize(count: count)
        count = 0
    }

    /// Sets `n` elements from `start` to `value`.
    func fill(from start: Int, count n: Int, with value: Element) {
        assert(start >= 0 && start + n <= count)
        (base + start).update(repeating: value, count: n)
    }

    /// A copy of `n` elements from `start`.
    func copy(from start: Int, count n: Int) -> ContiguousArray<Element> {
        assert(start >= 0 && start + n <= count)
        return ContiguousArray(UnsafeBufferPointer(start: base + start, count: n))
    }

    /// The elements, copied out (for cold paths).
    var elements: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
