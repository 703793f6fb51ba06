// /proc/slabinfo counts and lines.

extension SlabAllocator {
    /// A cache's counts summed over nodes (`get_slabinfo()`).
    package func statistics(of id: SlabCacheID) -> SlabCacheStatistics {
        let c = checkedIndex(id)
        return statistics(cacheIndex: c, nodes: 0..<arena.nodes)
    }

    /// A cache's counts on one node.
    package func statistics(of id: SlabCacheID, node: Int) -> SlabCacheStatistics {
        precondition(node >= 0 && node < arena.nodes, "node \(node) out of range")
        return statistics(cacheIndex: checkedIndex(id), nodes: node..<node + 1)
    }

    func statistics(cacheIndex c: Int, nodes: Range<Int>) -> SlabCacheStatistics {
        let record = arena.caches[c]
        var active = 0, partial = 0, full = 0, empty = 0
        for node in nodes {
            let lists = arena.nodeLists[c * arena.nodes + node]
            active += Int(lists.inuse)
            partial += Int(lists.partial.count)
            full += Int(lists.full.count)
            empty += Int(lists.empty.count)
        }
        let slabs = partial + full + empty
        let perSlab = record.layout.objectsPerSlab
        return SlabCacheStatistics(
            name: record.name, activeObjects: active, objects: slabs * perSlab, objectSize: record.layout.size,
            objectsPerSlab: perSlab, pagesPerSlab: record.layout.pagesPerSlab, slabs: slabs,
            partialSlabs: partial, fullSlabs: full, emptySlabs: empty)
    }

    /// The caches /proc/slabinfo lists, in the kernel's list order: the
    /// kernel adds a new cache at the head of `slab_caches`, so the newest
    /// cache comes first and the boot-time kmalloc caches last. Child
    /// caches (with a root) are not listed, as in kernels that fold them
    /// into their root's line; summing them is the memcg layer's choice.
    var slabinfoCaches: [SlabCacheID] {
        var result: [SlabCacheID] = []
        var c = arena.newest
        while c != SlabRecord.none {
            let record = arena.caches[Int(c)]
            if !record.hidden && record.root == SlabRecord.none { result.append(arena.id(ofIndex: Int(c))) }
            c = record.olderSibling
        }
        return result
    }

    /// The full text of /proc/slabinfo as lines: header, then one line per
    /// listed cache.
    func slabinfoLines() -> [String] {
        SlabInfo.header + slabinfoCaches.map { SlabInfo.line(statistics(of: $0)) }
    }
}

extension SlabAllocator {
    /// Pages held by the slabs of every live cache, hidden kmalloc_large
    /// stand-ins included: the slab memory of the whole machine.
    package var slabPagesInUse: Int {
        var pages = 0
        var c = arena.oldest
        while c != SlabRecord.none {
            let ci = Int(c)
            var slabs = 0
            for node in 0..<arena.nodes { slabs += arena.nodeLists[ci * arena.nodes + node].slabs }
            pages += slabs * arena.caches[ci].layout.pagesPerSlab
            c = arena.caches[ci].newerSibling
        }
        return pages
    }
}
