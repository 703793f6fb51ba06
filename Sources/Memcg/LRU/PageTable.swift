/// Every simulated page record, in one flat array: a page is an index and
/// 28 bytes, never an object, so that a host full of page cache fits in
/// the model's own memory (a 64 GiB host's 16M pages take about 450 MB).
///
/// Freed records are chained through `next` and reused first. The records
/// sit in an `UnsafeGrowableBuffer`, so that the page paths' stores into
/// them (several per page fault) pay no copy-on-write check; the table
/// has one owner (`PageLRU`) and cannot be copied.
package struct PageTable: ~Copyable {
    private var records = UnsafeGrowableBuffer<PageRecord>(capacity: 64)
    private var freeHead: PageID = PageRecord.none
    /// Records in use (pages and swap entries).
    package private(set) var used = 0

    init() {}

    /// The model's own bytes per simulated page: the record's stride.
    package static var bytesPerPage: Int { MemoryLayout<PageRecord>.stride }

    /// Records the table holds, free ones included.
    var capacity: Int { records.count }

    @inline(__always)
    mutating func allocate(_ record: PageRecord) -> PageID {
        used += 1
        if freeHead != PageRecord.none {
            let id = freeHead
            freeHead = records[Int(id)].next
            records[Int(id)] = record
            return id
        }
        return append(record)
    }

    /// A record past the end (no free one to reuse): the table grows.
    @inline(__always)
    private mutating func append(_ record: PageRecord) -> PageID {
        precondition(records.count < Int(PageRecord.none), "page table full")
        records.append(record)
        return PageID(records.count - 1)
    }

    mutating func free(_ id: PageID) {
        used -= 1
        records[Int(id)] = .free
        records[Int(id)].next = freeHead
        freeHead = id
    }

    /// A record; `id` must name one the table holds (checked: a bad ID
    /// stops the model rather than reading past the table).
    package subscript(id: PageID) -> PageRecord {
        @inline(__always) get {
            precondition(Int(id) < records.count, "page \(id) is not in the page table")
            return records[Int(id)]
        }
        @inline(__always) set {
            precondition(Int(id) < records.count, "page \(id) is not in the page table")
            records[Int(id)] = newValue
        }
        @inline(__always) _modify {
            precondition(Int(id) < records.count, "page \(id) is not in the page table")
            yield &records[Int(id)]
        }
    }

    /// Whether `id` names an allocated record.
    func isAllocated(_ id: PageID) -> Bool {
        Int(id) < records.count && records[Int(id)].flags.contains(.allocated)
    }
}
