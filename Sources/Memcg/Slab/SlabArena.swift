/// The allocator's state as flat tables: caches, per-node lists, slab
/// records, one shared pool of bitmap words and one of owner tags.
///
/// A value type so that the hot paths are plain mutating functions with
/// one exclusive access each, and so that `SlabAllocator` can call its
/// observer only between operations (an observer may allocate again).
/// Nothing here is a Swift object per slab or per object: the cost of a
/// slab is a 28-byte record plus `wordsPerSlab` words, the cost of an
/// object one bit (and four bytes once its slab has a tag vector).
///
/// Freed slab records are chained by bitmap size (1...64 words) and
/// reused for a cache with the same size, so the pools stop growing once
/// a workload reaches its peak. They are never shrunk: the model keeps
/// its high-water mark, which is bounded by the modelled peak.
struct SlabArena: ~Copyable {
    let nodes: Int

    /// Names, layouts and links of caches (cold).
    var caches: [SlabCacheRecord] = []
    /// What the fast paths read of each cache (hot), same index.
    var geometry = UnsafeGrowableBuffer<SlabCacheGeometry>(capacity: 16)
    /// Destroyed cache slots, reused by later creations.
    var freeCacheSlots: [UInt32] = []
    /// Ends of the creation-order list of live caches.
    var oldest = SlabRecord.none
    var newest = SlabRecord.none
    var nextSerial: UInt64 = 1
    var liveCaches = 0

    /// Per cache per node lists, at `cache * nodes + node`.
    var nodeLists = UnsafeGrowableBuffer<SlabNodeLists>(capacity: 16)

    var slabs = UnsafeGrowableBuffer<SlabRecord>(capacity: 1024)
    var words = UnsafeGrowableBuffer<UInt64>(capacity: 1024)
    /// Head of the chain of unused records, per bitmap word count.
    var freeRecords = [UInt32](repeating: SlabRecord.none, count: 65)

    /// Owner tags; offset 0 is reserved to mean "no vector".
    var tagPool = UnsafeGrowableBuffer<UInt32>(capacity: 16)
    /// Head of the chain of unused tag vectors, per vector length. The
    /// chain is threaded through the vectors' first entries.
    var freeTagVectors: [UInt16: UInt32] = [:]

    // Lifetime counters.
    var objectAllocations: UInt64 = 0
    var objectFrees: UInt64 = 0
    var slabAllocations: UInt64 = 0
    var slabFrees: UInt64 = 0

    init(nodes: Int) {
        precondition(nodes >= 1 && nodes <= Int(UInt16.max))
        self.nodes = nodes
        tagPool.append(0)
    }

    // MARK: Caches

    /// Adds a cache at the newest end of the creation order.
    mutating func addCache(name: String, layout: SlabLayout, flags: SlabFlags, owner: UInt32,
                           root: UInt32, hidden: Bool) -> SlabCacheID {
        let words = (layout.objectsPerSlab + 63) / 64
        precondition(words <= 64 && layout.order <= Int(UInt8.max))
        let record = SlabCacheRecord(name: name, layout: layout, flags: flags, owner: owner, root: root,
                                     serial: nextSerial, hidden: hidden)
        var hot = SlabCacheGeometry(generation: 0, alive: true, order: UInt8(layout.order), wordsPerSlab: UInt8(words),
                                    minPartial: UInt8(layout.minPartial), objectsPerSlab: UInt16(layout.objectsPerSlab))
        nextSerial += 1
        let index: UInt32
        if let reused = freeCacheSlots.popLast() {
            index = reused
            hot.generation = geometry[Int(reused)].generation &+ 1
            caches[Int(reused)] = record
            geometry[Int(reused)] = hot
        } else {
            precondition(caches.count < Int(SlabRecord.none), "too many slab caches")
            index = UInt32(caches.count)
            caches.append(record)
            geometry.append(hot)
            nodeLists.append(repeating: SlabNodeLists(), count: nodes)
        }
        caches[Int(index)].olderSibling = newest
        if newest != SlabRecord.none { caches[Int(newest)].newerSibling = index } else { oldest = index }
        newest = index
        liveCaches += 1
        return SlabCacheID(index: index, generation: hot.generation)
    }

    /// Removes an empty cache (no slabs on any node) from the tables.
    mutating func removeCache(_ c: Int) {
        for node in 0..<nodes { precondition(nodeLists[c * nodes + node].slabs == 0) }
        let older = caches[c].olderSibling, newer = caches[c].newerSibling
        if older != SlabRecord.none { caches[Int(older)].newerSibling = newer } else { oldest = newer }
        if newer != SlabRecord.none { caches[Int(newer)].olderSibling = older } else { newest = older }
        caches[c].olderSibling = SlabRecord.none
        caches[c].newerSibling = SlabRecord.none
        geometry[c].alive = false
        caches[c].name = ""
        freeCacheSlots.append(UInt32(c))
        liveCaches -= 1
    }

    /// The slot of a live cache, or nil if the ID is stale or unknown.
    func index(of id: SlabCacheID) -> Int? {
        let c = Int(id.index)
        guard c < geometry.count, geometry[c].alive, geometry[c].generation == id.generation else { return nil }
        return c
    }

    func id(ofIndex c: Int) -> SlabCacheID {
        SlabCacheID(index: UInt32(c), generation: geometry[c].generation)
    }

    // MARK: Slab records

    /// Takes a slab record for `cache` on `node` and puts it on the node's
    /// empty list. The caller has already obtained the pages.
    mutating func addSlab(cache c: Int, node: Int) -> UInt32 {
        let wordCount = Int(geometry[c].wordsPerSlab)
        var s = freeRecords[wordCount]
        if s != SlabRecord.none {
            freeRecords[wordCount] = slabs[Int(s)].next
        } else {
            precondition(slabs.count < Int(SlabRecord.none) && words.count + wordCount <= Int(UInt32.max),
                         "slab tables exhausted")
            s = UInt32(slabs.count)
            var record = SlabRecord()
            record.bitmap = UInt32(words.count)
            slabs.append(record)
            words.append(repeating: 0, count: wordCount)
        }
        slabs[Int(s)].cache = UInt32(c)
        slabs[Int(s)].node = UInt16(node)
        slabs[Int(s)].inuse = 0
        slabs[Int(s)].hint = 0
        slabs[Int(s)].list = .empty
        Self.pushFront(&nodeLists[c * nodes + node].empty, s, &slabs)
        slabAllocations += 1
        return s
    }

    /// Returns an empty slab, already unlinked from its node list, to the
    /// record chain. Returns the bytes of the tag vector it had (kernel
    /// size), 0 if none.
    mutating func releaseSlab(_ s: UInt32) -> Int {
        let c = Int(slabs[Int(s)].cache)
        assert(slabs[Int(s)].inuse == 0)
        var vectorBytes = 0
        let tags = slabs[Int(s)].tags
        if tags != 0 {
            let length = geometry[c].objectsPerSlab
            tagPool[Int(tags)] = freeTagVectors[length] ?? 0
            freeTagVectors[length] = tags
            slabs[Int(s)].tags = 0
            vectorBytes = Int(length) * SlabArena.kernelTagBytes
        }
        slabs[Int(s)].list = .unused
        slabs[Int(s)].generation &+= 1
        let wordCount = Int(geometry[c].wordsPerSlab)
        slabs[Int(s)].next = freeRecords[wordCount]
        slabs[Int(s)].prev = SlabRecord.none
        freeRecords[wordCount] = s
        slabFrees += 1
        return vectorBytes
    }

    /// Bytes per object of the kernel's per-slab owner vector
    /// (`struct obj_cgroup *`).
    static let kernelTagBytes = 8

    // MARK: Lists

    @inline(__always)
    static func pushFront(_ list: inout SlabList, _ s: UInt32, _ slabs: inout UnsafeGrowableBuffer<SlabRecord>) {
        slabs[Int(s)].prev = SlabRecord.none
        slabs[Int(s)].next = list.head
        if list.head != SlabRecord.none { slabs[Int(list.head)].prev = s } else { list.tail = s }
        list.head = s
        list.count &+= 1
    }

    @inline(__always)
    static func pushBack(_ list: inout SlabList, _ s: UInt32, _ slabs: inout UnsafeGrowableBuffer<SlabRecord>) {
        slabs[Int(s)].next = SlabRecord.none
        slabs[Int(s)].prev = list.tail
        if list.tail != SlabRecord.none { slabs[Int(list.tail)].next = s } else { list.head = s }
        list.tail = s
        list.count &+= 1
    }

    @inline(__always)
    static func remove(_ list: inout SlabList, _ s: UInt32, _ slabs: inout UnsafeGrowableBuffer<SlabRecord>) {
        let prev = slabs[Int(s)].prev, next = slabs[Int(s)].next
        if prev != SlabRecord.none { slabs[Int(prev)].next = next } else { list.head = next }
        if next != SlabRecord.none { slabs[Int(next)].prev = prev } else { list.tail = prev }
        slabs[Int(s)].prev = SlabRecord.none
        slabs[Int(s)].next = SlabRecord.none
        list.count &-= 1
    }

    mutating func unlink(_ s: UInt32) {
        let nl = Int(slabs[Int(s)].cache) * nodes + Int(slabs[Int(s)].node)
        switch slabs[Int(s)].list {
        case .empty: Self.remove(&nodeLists[nl].empty, s, &slabs)
        case .partial: Self.remove(&nodeLists[nl].partial, s, &slabs)
        case .full: Self.remove(&nodeLists[nl].full, s, &slabs)
        case .unused: preconditionFailure("unlinking an unused slab record")
        }
    }
}
