// What the kmem layer holds of one memcg: for the dying-cgroup listing
// (`MemoryController.dyingCgroupFacts`) the slab objects charged to it and
// the css references the layer holds on it; its objcgs, flushed slab
// statistics and stranded pages. Linear in its caches and
// objcgs; read on demand, never on an allocation path.

extension KmemAccounting {
    /// Live slab objects charged to `memcg` itself: in its own child caches
    /// (per-memcg caches) and on the objcgs that charge it now (objcg; after
    /// offline those charge the parent, and the objects no longer pin it).
    func slabObjects(chargedTo memcg: MemCgroup) -> Int {
        guard let state = memcg.kmemState else { return 0 }
        var objects = 0
        var slot = state.caches.head
        var steps = 0
        while slot >= 0, steps <= caches.count {
            steps += 1
            if let cache = caches[Int(slot)] { objects += allocator.statistics(of: cache.id).activeObjects }
            slot = memcgLinks.successor(Int(slot))
        }
        for objcg in state.objcgList where objcg.memcg === memcg { objects += objcg.objects }
        return objects
    }

    /// css references the kmem layer holds on `memcg`: its child caches,
    /// queued cache creations and deactivations, objcgs charging it.
    func heldReferences(on memcg: MemCgroup) -> Int { memcg.kmemState?.heldReferences ?? 0 }

    /// Pages on the memcg's own page counter that reparented kernel memory
    /// left there (see `MemcgKmemState.strandedPages`).
    func strandedPages(of memcg: MemCgroup) -> Int { memcg.kmemState?.strandedPages ?? 0 }

    /// The objcgs charging `memcg` now, own and reparented.
    func objcgs(charging memcg: MemCgroup) -> [ObjCgroup] { memcg.kmemState?.objcgList ?? [] }

    /// The live objcg of an online memcg, nil if it has none (yet).
    func liveObjcg(of memcg: MemCgroup) -> ObjCgroup? { memcg.kmemState?.objcg }

    /// Slab statistic bytes flushed to `memcg` so far: the part of its
    /// objects' charges that memory.stat would show (stocks may hold more).
    func flushedSlabStatBytes(_ memcg: MemCgroup, reclaimable: Bool) -> Int {
        memcg.kmemState?.slabStatBytes[reclaimable ? 1 : 0] ?? 0
    }
}
