/// A sparse map from a memcg ID (16 bits) to a record index, stored in
/// chunks of 64 entries: the leaf nodes of the kernel's xarray, which the
/// lazy list_lru uses to find a memcg's lists.
///
/// Each chunk carries the handle of the `radix_tree_node` slab object the
/// kernel would allocate for it, so the map's own memory shows in slabinfo.
/// Interior xarray nodes are not modelled: a leaf covers 64 IDs, an
/// interior node 4,096, so leaves are nearly all of it.
struct SparseIDMap: ~Copyable {
    static let chunkShift = 6
    static let chunkSize = 1 << chunkShift
    static let maxID = 65_535

    /// Per chunk number (id >> 6): the chunk's slot, or -1 (raw buffers:
    /// read on every lazy add and delete).
    private var top = UnsafeGrowableBuffer<Int32>(capacity: 1)
    /// `chunkSize` entries per slot; 0 is empty, otherwise value + 1.
    private var entries = UnsafeGrowableBuffer<UInt32>(capacity: 1)
    private var used: [UInt8] = []
    private var handles: [UInt64] = []
    private var freeSlots: [Int32] = []
    /// IDs mapped.
    private(set) var count = 0
    /// Chunks (xarray leaf nodes) in use.
    private(set) var chunks = 0

    @inline(__always)
    func value(_ id: Int) -> UInt32? {
        let chunk = id >> Self.chunkShift
        guard chunk < top.count else { return nil }
        let slot = top[chunk]
        guard slot >= 0 else { return nil }
        let stored = entries[Int(slot) << Self.chunkShift | id & (Self.chunkSize - 1)]
        return stored == 0 ? nil : stored - 1
    }

    /// Whether storing `id` needs a new chunk (and so a node allocation).
    func needsChunk(_ id: Int) -> Bool {
        let chunk = id >> Self.chunkShift
        return chunk >= top.count || top[chunk] < 0
    }

    /// Stores `value` for an unmapped `id`. `chunkHandle` is the node object
    /// to remember when a new chunk is created.
    mutating func insert(_ id: Int, _ value: UInt32, chunkHandle: UInt64) {
        precondition(id >= 0 && id <= Self.maxID && value < UInt32.max, "SparseIDMap.insert out of range")
        let chunk = id >> Self.chunkShift
        if top.isEmpty { top.append(repeating: -1, count: (Self.maxID >> Self.chunkShift) + 1) }
        if top[chunk] < 0 {
            let slot: Int32
            if let reused = freeSlots.popLast() {
                slot = reused
                handles[Int(slot)] = chunkHandle
            } else {
                slot = Int32(used.count)
                entries.append(repeating: 0, count: Self.chunkSize)
                used.append(0)
                handles.append(chunkHandle)
            }
            top[chunk] = slot
            chunks += 1
        }
        let slot = Int(top[chunk])
        let position = slot << Self.chunkShift | id & (Self.chunkSize - 1)
        precondition(entries[position] == 0, "SparseIDMap.insert of a mapped ID")
        entries[position] = value + 1
        used[slot] += 1
        count += 1
    }

    /// Unmaps `id`; returns the chunk's node handle when the chunk emptied.
    mutating func remove(_ id: Int) -> UInt64? {
        let chunk = id >> Self.chunkShift
        guard chunk < top.count, top[chunk] >= 0 else { return nil }
        let slot = Int(top[chunk])
        let position = slot << Self.chunkShift | id & (Self.chunkSize - 1)
        guard entries[position] != 0 else { return nil }
        entries[position] = 0
        used[slot] -= 1
        count -= 1
        guard used[slot] == 0 else { return nil }
        top[chunk] = -1
        freeSlots.append(Int32(slot))
        chunks -= 1
        return handles[slot]
    }

    /// Every (id, value), ascending by ID.
    var pairs: [(id: Int, value: UInt32)] {
        var result: [(Int, UInt32)] = []
        for chunk in 0..<top.count where top[chunk] >= 0 {
            let slot = top[chunk]
            let base = Int(slot) << Self.chunkShift
            for offset in 0..<Self.chunkSize where entries[base + offset] != 0 {
                result.append((chunk << Self.chunkShift | offset, entries[base + offset] - 1))
            }
        }
        return result
    }

    /// The node handles of every chunk in use, ascending by chunk.
    var chunkHandles: [UInt64] {
        top.elements.filter { $0 >= 0 }.map { handles[Int($0)] }
    }
}
