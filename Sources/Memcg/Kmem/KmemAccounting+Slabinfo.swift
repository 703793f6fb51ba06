// /proc/slabinfo and memory.kmem.slabinfo: which list each reads, and the
// one-shot text of a whole read.

extension KmemAccounting {
    /// Opens /proc/slabinfo (`memcg` nil: a line per root cache, newest
    /// first, with its child caches' counts added) or a memcg's
    /// memory.kmem.slabinfo (its child caches), resuming between chunks as
    /// `resume` says (by default as the design's knob says). Up to 4.10 the
    /// /proc/slabinfo walk goes over every cache on slab_caches, printing
    /// nothing for a child; from 4.11 over the root caches only.
    package func openSlabinfo(memcg: MemCgroup? = nil, resume: SlabinfoResume? = nil) -> SlabinfoReader {
        SlabinfoReader(kmem: self, memcg: memcg, resume: resume ?? controller.design.slabinfoResume)
    }

    /// The whole of /proc/slabinfo, read chunk by chunk with nothing
    /// changing in between.
    package func slabinfoText() -> String {
        openSlabinfo().readAll()
    }

    /// The whole of a memcg's memory.kmem.slabinfo. Under objcg there are
    /// no per-memcg caches and the kernel's file is empty (deprecated in
    /// 5.9 in favour of tools/cgroup/memcg_slabinfo.py).
    package func slabinfoText(of memcg: MemCgroup) -> String {
        guard usesChildCaches else { return "" }
        return openSlabinfo(memcg: memcg).readAll()
    }

    /// Whether /proc/slabinfo's seq_file walks `slab_root_caches` (4.11 on)
    /// rather than `slab_caches`, every cache (up to 4.10).
    var slabinfoWalksRootList: Bool { childTeardown.slabinfoWalksRootList }

    func listHead(of memcg: MemCgroup?) -> Int32 {
        guard let memcg else { return slabinfoWalksRootList ? rootList.head : globalList.head }
        return memcg.kmemState?.caches.head ?? -1
    }

    func advance(from slot: Int32, steps: Int, of memcg: MemCgroup?) -> (slot: Int32, visited: Int) {
        if memcg != nil { return memcgLinks.advance(from: slot, steps: steps) }
        return slabinfoWalksRootList ? rootLinks.advance(from: slot, steps: steps) : globalLinks.advance(from: slot, steps: steps)
    }

    func listSuccessor(_ slot: Int32, of memcg: MemCgroup?) -> Int32 {
        if memcg != nil { return memcgLinks.successor(Int(slot)) }
        return slabinfoWalksRootList ? rootLinks.successor(Int(slot)) : globalLinks.successor(Int(slot))
    }

    /// Creation serials of the caches a read of the file would print now:
    /// the root caches for /proc/slabinfo, the memcg's caches for its
    /// memory.kmem.slabinfo (not counted as a walk: it is the observer's
    /// bookkeeping, not the kernel's).
    func serials(onListOf memcg: MemCgroup?) -> Set<UInt64> {
        var result: Set<UInt64> = []
        var slot = listHead(of: memcg)
        var steps = 0
        while slot >= 0 && steps <= caches.count {
            steps += 1
            if let cache = caches[Int(slot)], memcg != nil || cache.isRoot { result.insert(cache.serial) }
            slot = listSuccessor(slot, of: memcg)
        }
        return result
    }

    /// cache_show's figures for a root cache: its own, plus every child's
    /// on its children list, live and dying (memcg_accumulate_slabinfo);
    /// the children walked are returned as visits.
    func accumulatedSlabinfo(of root: KmemCache) -> (statistics: SlabCacheStatistics, visits: UInt64) {
        var total = allocator.statistics(of: root.id)
        var visits: UInt64 = 0
        var c = root.childList.head
        while c >= 0 {
            visits += 1
            if let child = caches[Int(c)] {
                let s = allocator.statistics(of: child.id)
                total.activeObjects += s.activeObjects
                total.objects += s.objects
                total.activeSlabs += s.activeSlabs
                total.slabs += s.slabs
                total.sharedAvail += s.sharedAvail
            }
            c = childLinks.successor(Int(c))
        }
        return (total, visits)
    }
}
