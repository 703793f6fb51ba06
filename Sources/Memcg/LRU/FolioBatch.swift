/// One CPU's LRU add batch (`struct folio_batch` in `cpu_fbatches.lru_add`):
/// up to PAGEVEC_SIZE (15) pages waiting for their lruvec, in order.
///
/// The pages sit inline, so that queueing a page and draining the batch
/// allocate nothing: a page fault goes through here.
struct FolioBatch: RandomAccessCollection {
    /// PAGEVEC_SIZE, later FOLIO_BATCH_SIZE.
    static let capacity = 15

    private var slots = InlineArray<15, PageID>(repeating: PageRecord.none)
    private var used: UInt8 = 0

    var startIndex: Int { 0 }
    var endIndex: Int { Int(used) }
    var isFull: Bool { Int(used) >= Self.capacity }

    subscript(position: Int) -> PageID {
        @inline(__always) get {
            precondition(position >= 0 && position < Int(used), "folio batch index out of range")
            return slots[position]
        }
    }

    @inline(__always)
    mutating func append(_ id: PageID) {
        precondition(!isFull, "folio batch overflow")
        slots[Int(used)] = id
        used += 1
    }

    /// Takes out the page at `position`; the later ones move up.
    mutating func remove(at position: Int) {
        precondition(position >= 0 && position < Int(used), "folio batch index out of range")
        var i = position
        while i + 1 < Int(used) {
            slots[i] = slots[i + 1]
            i += 1
        }
        used -= 1
    }

    mutating func removeAll() { used = 0 }
}
