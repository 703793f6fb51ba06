import KernelSim

/// The per-memcg-cache design of `Design.slabAccounting` (3.8 to 5.8): an
/// accounted allocation in a memcg is served by that memcg's child cache
/// of the root cache (`memcg_caches` indexed by the kmemcg cache ID). The
/// first one falls back to the root cache and schedules the child's
/// creation (PerMemcgCacheAccounting+Creation.swift). A child cache's slab
/// pages are charged to its memcg (+SlabPages.swift); the cache holds a css
/// reference until it is destroyed (or, up to 4.10, drained), and is torn
/// down at offline as `Design.cacheTeardown` says (Teardown/).
///
/// Child caches live in the shared cache table next to the root caches;
/// this subclass of the table adds what only this design has: queued
/// creations and destructions.
final class PerMemcgCacheAccounting: KmemAccounting {
    /// Child-cache creations queued and not yet run, by (root slot, memcg serial).
    @exclusivity(unchecked) var pendingCreations: Set<PendingCreation> = []
    /// SLAB_TYPESAFE_BY_RCU caches waiting for the batched rcu_barrier.
    @exclusivity(unchecked) var rcuDestroyBatch: [KmemCache] = []
    @exclusivity(unchecked) var rcuDestroyWork = (queued: false, running: false, rerun: false)
    /// The charge error a refused slab page left, for the allocation to throw.
    @exclusivity(unchecked) var pendingChargeError: MemcgError?

    // The design's part of `KmemAccounting`.

    @inline(__always)
    override func allocateAccounted(_ cache: SlabCacheID, slot: Int, memcg: MemCgroup, node: Int) throws(MemcgError) -> SlabObject {
        // The caller found the slot's cache live.
        guard let root = caches[slot] else { throw MemcgError(.EINVAL, "no live slab cache \(cache) to allocate from") }
        return try allocate(from: root, memcg: memcg, node: node)
    }

    @inline(__always)
    override func objectFreed(slot: Int, tag: UInt32, node: Int) {
        objectFreed(fromSlot: slot)
    }

    override func offline(_ memcg: MemCgroup, then done: @escaping () -> Void) {
        deactivateCaches(of: memcg, then: done)
    }

    override func released(_ memcg: MemCgroup) { destroyCaches(ofReleased: memcg) }

    override var destroysCachesAtMemcgFree: Bool { childTeardown.destroysAtMemcgFree }

    override func freed(_ memcg: MemCgroup, then done: @escaping () -> Void) {
        MemcgCacheRelease(self, memcg: memcg, then: done).start()
    }

    override func cacheIDArrayGrew(to size: Int) { growChildArrays(to: size) }

    override func rootCacheCreated(_ cache: KmemCache) {
        resizeChildArray(of: cache, to: controller.cacheIDArraySize)
    }

    override func childSlabPagesWillAllocate(cache: SlabCacheID, pages: Int, reclaimable: Bool) -> Bool {
        slabPagesWillAllocate(cache: cache, pages: pages, reclaimable: reclaimable)
    }

    override func childSlabPagesFreed(cache: SlabCacheID, pages: Int, reclaimable: Bool) {
        slabPagesFreed(cache: cache, pages: pages, reclaimable: reclaimable)
    }

    override var usesChildCaches: Bool { true }

    override var pendingCreationCount: Int { pendingCreations.count }

    override func pendingCreationsByMemcg() -> [UInt64: Int] {
        var creations: [UInt64: Int] = [:]
        for pending in pendingCreations { creations[pending.memcgSerial, default: 0] += 1 }
        return creations
    }

    override var dyingCgroupsPinnedBySlab: Int { dyingCgroupsPinnedByOwnCaches }

    override func checkDesignQuiescent(_ broken: inout [ModelViolation]) {
        if !pendingCreations.isEmpty || !rcuDestroyBatch.isEmpty {
            broken.append(ModelViolation("liveness", "\(pendingCreations.count) cache creations and \(rcuDestroyBatch.count) rcu destructions still queued"))
        }
    }
}
