// /proc/slabinfo and memory.kmem.slabinfo: which list each reads, and the
// one-shot text of a whole read.

extension KmemAccounting {
    /// Opens /proc/slabinfo (`memcg` nil: every cache, child caches as
    /// `name(serial:cgroup)`, newest first) or a memcg's
    /// memory.kmem.slabinfo (its child caches), resuming between chunks as
    /// `resume` says (by default as the design's knob says).
    public func openSlabinfo(memcg: MemCgroup? = nil, resume: SlabinfoResume? = nil) -> SlabinfoReader {
        SlabinfoReader(kmem: self, memcg: memcg, resume: resume ?? controller.design.slabinfoResume)
    }

    /// The whole of /proc/slabinfo, read chunk by chunk with nothing
    /// changing in between.
    public func slabinfoText() -> String {
        openSlabinfo().readAll()
    }

    /// The whole of a memcg's memory.kmem.slabinfo. Under objcg there are
    /// no per-memcg caches and the kernel's file is empty (deprecated in
    /// 5.9 in favour of tools/cgroup/memcg_slabinfo.py).
    public func slabinfoText(of memcg: MemCgroup) -> String {
        guard usesChildCaches else { return "" }
        return openSlabinfo(memcg: memcg).readAll()
    }

    func listHead(of memcg: MemCgroup?) -> Int32 {
        guard let memcg else { return globalList.head }
        return memcg.kmemState?.caches.head ?? -1
    }

    func advance(from slot: Int32, steps: Int, of memcg: MemCgroup?) -> (slot: Int32, visited: Int) {
        memcg == nil ? globalLinks.advance(from: slot, steps: steps) : memcgLinks.advance(from: slot, steps: steps)
    }

    func listSuccessor(_ slot: Int32, of memcg: MemCgroup?) -> Int32 {
        memcg == nil ? globalLinks.successor(Int(slot)) : memcgLinks.successor(Int(slot))
    }

    /// Creation serials of the caches on a list now (not counted as a walk:
    /// it is the observer's bookkeeping, not the kernel's).
    func serials(onListOf memcg: MemCgroup?) -> Set<UInt64> {
        var result: Set<UInt64> = []
        var slot = listHead(of: memcg)
        var steps = 0
        while slot >= 0 && steps <= caches.count {
            steps += 1
            if let cache = caches[Int(slot)] { result.insert(cache.serial) }
            slot = listSuccessor(slot, of: memcg)
        }
        return result
    }
}
