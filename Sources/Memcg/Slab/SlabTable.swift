/// A growable flat array of plain values owned by the slab arena: the
/// storage of slab records, bitmap words, tags and per-node lists.
///
/// Swift's `Array` checks uniqueness (copy-on-write) on every element
/// write, which on the allocator's fast path costs more than the work
/// itself. This table is non-copyable, so it has one owner and needs no
/// such check; reads and writes are bounds-checked. Elements are plain
/// bits (`BitwiseCopyable`), so growing is a memory copy and freeing needs
/// no element clean-up.
struct SlabTable<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    subscript(index: Int) -> Element {
        @inline(__always)
        unsafeAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "slab table index out of range")
            return UnsafePointer(base + index)
        }
        @inline(__always)
        unsafeMutableAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "slab table index out of range")
            return base + index
        }
    }

    mutating func append(_ element: Element) {
        reserve(count + 1)
        (base + count).initialize(to: element)
        count += 1
    }

    mutating func append(repeating element: Element, count extra: Int) {
        reserve(count + extra)
        (base + count).initialize(repeating: element, count: extra)
        count += extra
    }

    /// Bytes of real memory reserved.
    var allocatedBytes: Int { capacity * MemoryLayout<Element>.stride }

    private mutating func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
