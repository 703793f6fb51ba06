// A full consistency check of the tables, for tests and the randomized
// checker: what SLUB's validate_slab_cache() checks, and the model's own
// bookkeeping. Linear in the number of slabs; never on a hot path.

extension SlabAllocator {
    /// Every broken invariant, described; empty when the state is sound.
    func invariantViolations() -> [String] {
        var problems: [String] = []
        let a = arena.nodes
        var listed = 0
        var c = arena.oldest
        var liveSeen = 0
        var lastSerial: UInt64 = 0
        while c != SlabRecord.none {
            let ci = Int(c)
            liveSeen += 1
            let record = arena.caches[ci]
            if record.serial <= lastSerial { problems.append("\(record.name): creation order broken") }
            lastSerial = record.serial
            for node in 0..<a {
                listed += check(cacheIndex: ci, node: node, into: &problems)
            }
            c = record.newerSibling
        }
        if liveSeen != arena.liveCaches {
            problems.append("creation list holds \(liveSeen) caches, \(arena.liveCaches) live")
        }
        var unused = 0
        for wordCount in 0...64 {
            var s = arena.freeRecords[wordCount]
            while s != SlabRecord.none {
                if arena.slabs[Int(s)].list != .unused { problems.append("slab \(s) on the free chain but in use") }
                unused += 1
                s = arena.slabs[Int(s)].next
            }
        }
        if listed + unused != arena.slabs.count {
            problems.append("\(listed) listed + \(unused) unused slab records != \(arena.slabs.count) records")
        }
        return problems
    }

    /// Checks one node's three lists; returns how many slabs they hold.
    private func check(cacheIndex c: Int, node: Int, into problems: inout [String]) -> Int {
        let name = arena.caches[c].name
        let hot = arena.geometry[c]
        let perSlab = Int(hot.objectsPerSlab)
        let lists = arena.nodeLists[c * arena.nodes + node]
        var inuse = 0
        var slabs = 0
        for (kind, list) in [(SlabListKind.empty, lists.empty), (.partial, lists.partial), (.full, lists.full)] {
            var count: UInt32 = 0
            var prev = SlabRecord.none
            var s = list.head
            while s != SlabRecord.none {
                let slab = arena.slabs[Int(s)]
                let label = "\(name) node \(node) \(kind) slab \(s)"
                if slab.list != kind { problems.append("\(label): marked \(slab.list)") }
                if Int(slab.cache) != c || Int(slab.node) != node { problems.append("\(label): wrong cache or node") }
                if slab.prev != prev { problems.append("\(label): broken back link") }
                let used = Int(slab.inuse)
                switch kind {
                case .empty: if used != 0 { problems.append("\(label): \(used) objects on the empty list") }
                case .partial: if used == 0 || used >= perSlab { problems.append("\(label): \(used) objects on the partial list") }
                case .full: if used != perSlab { problems.append("\(label): \(used) objects on the full list") }
                case .unused: break
                }
                var bits = 0
                for w in 0..<Int(hot.wordsPerSlab) {
                    let word = arena.words[Int(slab.bitmap) + w]
                    bits += word.nonzeroBitCount
                    let valid = min(64, perSlab - w * 64)
                    if valid < 64 && word >> UInt64(valid) != 0 { problems.append("\(label): bits past the last object") }
                    if word != ~0 && w < Int(slab.hint) { problems.append("\(label): free slot below the hint") }
                }
                if bits != used { problems.append("\(label): bitmap has \(bits) objects, inuse \(used)") }
                if slab.tags != 0 {
                    for slot in 0..<perSlab {
                        let allocated = arena.words[Int(slab.bitmap) + slot >> 6] & (1 << UInt64(slot & 63)) != 0
                        if !allocated && arena.tagPool[Int(slab.tags) + slot] != 0 {
                            problems.append("\(label): free slot \(slot) keeps a tag")
                        }
                    }
                }
                inuse += used
                count += 1
                prev = s
                s = slab.next
            }
            if count != list.count { problems.append("\(name) node \(node) \(kind): \(count) slabs, count says \(list.count)") }
            if list.tail != prev { problems.append("\(name) node \(node) \(kind): wrong tail") }
            slabs += Int(count)
        }
        if inuse != Int(lists.inuse) { problems.append("\(name) node \(node): \(inuse) objects in slabs, \(lists.inuse) counted") }
        if Int(lists.empty.count) > Int(hot.minPartial) {
            problems.append("\(name) node \(node): \(lists.empty.count) empty slabs kept, min_partial \(hot.minPartial)")
        }
        return slabs
    }
}
