/// The head of one of the kernel's cache lists (`slab_caches`,
/// `slab_root_caches`, a root's `children`, a memcg's `kmem_caches`),
/// threaded through a `KmemCacheLinks` table by cache slot.
///
/// Index links rather than object references: the legacy design walks the
/// global list once per offline and per release, hundreds of thousands of
/// nodes each time, and a walk here is a chase through one flat array, as
/// the kernel's is through `list_head`s.
struct KmemCacheList {
    var head: Int32 = -1
    var tail: Int32 = -1
    var count = 0
}

/// The `prev`/`next` fields of one list for every cache slot.
struct KmemCacheLinks {
    private(set) var prev: [Int32] = []
    private(set) var next: [Int32] = []

    mutating func ensure(_ slot: Int) {
        if slot >= next.count {
            let grow = slot + 1 - next.count
            prev.append(contentsOf: repeatElement(-1, count: grow))
            next.append(contentsOf: repeatElement(-1, count: grow))
        }
    }

    /// list_add: at the head, as the kernel adds new caches.
    mutating func insertHead(_ slot: Int, into list: inout KmemCacheList) {
        ensure(slot)
        prev[slot] = -1
        next[slot] = list.head
        if list.head >= 0 { prev[Int(list.head)] = Int32(slot) } else { list.tail = Int32(slot) }
        list.head = Int32(slot)
        list.count += 1
    }

    /// list_del.
    mutating func remove(_ slot: Int, from list: inout KmemCacheList) {
        let p = prev[slot], n = next[slot]
        if p >= 0 { next[Int(p)] = n } else { list.head = n }
        if n >= 0 { prev[Int(n)] = p } else { list.tail = p }
        prev[slot] = -1
        next[slot] = -1
        list.count -= 1
    }

    @inline(__always)
    func successor(_ slot: Int) -> Int32 { next[slot] }

    /// Follows `steps` links from `slot` (or to the end): the position
    /// walk of seq_list_start. Returns where it stopped and how many nodes
    /// it visited.
    func advance(from slot: Int32, steps: Int) -> (slot: Int32, visited: Int) {
        next.withUnsafeBufferPointer { links in
            var s = slot
            var visited = 0
            while s >= 0 && visited < steps {
                s = links[Int(s)]
                visited += 1
            }
            return (s, visited)
        }
    }

    /// Calls `body` for every slot from `head` to the end of the list, in
    /// order; returns how many nodes it visited.
    @discardableResult
    func forEach(from head: Int32, _ body: (Int) -> Void) -> Int {
        next.withUnsafeBufferPointer { links in
            var s = head
            var visited = 0
            while s >= 0 {
                body(Int(s))
                visited += 1
                s = links[Int(s)]
            }
            return visited
        }
    }
}
