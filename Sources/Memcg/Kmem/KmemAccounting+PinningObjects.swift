// What the kmem layer holds of one memcg, for the dying-cgroup listing
// (`MemoryController.dyingCgroupFacts`): the slab objects charged to it and
// the css references the layer holds on it. Linear in its caches and
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
}
