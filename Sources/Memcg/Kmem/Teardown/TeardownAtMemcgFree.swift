import KernelSim

// What the designs up to 4.10 (`SynchronousTeardown`, `BatchedTeardown`)
// share: a dying cache is not destroyed when it empties but when its memcg
// is freed. In those kernels each charged slab page held a css reference
// (try_charge's css_get_many), so a dying cache pinned its memcg exactly as
// long as it had charged pages; once the memcg's charges were all gone,
// mem_cgroup_css_free -> memcg_free_kmem -> memcg_destroy_kmem_caches shut
// down every one of its caches, on the cgroup destroy workqueue. The
// model's one css reference per child cache stands for its pages': it is
// dropped when the dying cache has no objects and no charged pages left,
// and the empty cache stays on every list until css_free.

/// The designs whose child caches are destroyed at css_free.
protocol TeardownAtMemcgFree: ChildCacheTeardown {}

extension TeardownAtMemcgFree {
    static func makeWorkqueues(_ kernel: Kernel, system: Workqueue) -> (cache: Workqueue, destroy: Workqueue) {
        // No cache is destroyed from a work item of its own.
        (kernel.makeWorkqueue("memcg_kmem_cache_create", ordered: true), system)
    }

    static var destroysAtMemcgFree: Bool { true }

    /// The cache stays; its memcg is unpinned once its pages are uncharged.
    static func dyingCacheEmptied(_ cache: KmemCache, in kmem: PerMemcgCacheAccounting) {
        kmem.unpinIfDrained(cache)
    }

    /// The release step walks nothing: the walk is at css_free.
    static func releaseWalkVisits(of memcg: MemCgroup, in kmem: PerMemcgCacheAccounting) -> UInt64? { nil }

    /// Sysfs directories stay until the cache is released.
    /// slab_show's seq_file walk: slab_caches, every cache (up to 4.10).
    static var slabinfoWalksRootList: Bool { false }

    static var removesSysfsDirectoryAtDeactivation: Bool { false }

    /// Every node of slab_caches, roots and children, is visited; the
    /// body runs for the roots.
    static func forEachRootCache(in kmem: PerMemcgCacheAccounting, _ body: (KmemCache) -> Void) {
        var c = kmem.globalList.head
        while c >= 0 {
            kmem.statistics.listNodesVisited += 1
            if kmem.slotRoles[Int(c)] == KmemAccounting.roleRoot, let cache = kmem.caches[Int(c)] { body(cache) }
            c = kmem.globalLinks.successor(Int(c))
        }
    }
}

extension PerMemcgCacheAccounting {
    /// Up to 4.10: a dying cache with no objects and no charged pages (a
    /// SLAB_TYPESAFE_BY_RCU slab's pages are uncharged a grace period after
    /// the slab is freed) no longer pins its memcg.
    func unpinIfDrained(_ cache: KmemCache) {
        guard cache.state == .dying, cache.chargedPages == 0,
              allocator.activeObjects(of: cache.id) == 0, let memcg = cache.memcg else { return }
        transition(cache, to: .drained)
        kmemState(memcg).drainedCaches += 1
        dropReference(memcg)
    }
}

/// memcg_destroy_kmem_caches as 4.0 to 4.10 had it, at css_free on the
/// cgroup destroy workqueue (whose one worker waits with it): under
/// slab_mutex, one walk of slab_caches skipping root caches and other
/// memcgs' caches, each of this memcg's caches shut down onto a release
/// list (do_kmem_cache_shutdown, which finds them empty since the memcg
/// has no charges left); then, slab_mutex dropped, do_kmem_cache_release
/// waits one rcu_barrier for the lot if any is SLAB_DESTROY_BY_RCU and
/// releases them (a SLUB cache's sysfs directory goes here).
final class MemcgCacheRelease {
    private let kmem: PerMemcgCacheAccounting
    private let memcg: MemCgroup
    private let done: () -> Void
    @exclusivity(unchecked) private var release: [KmemCache] = []
    @exclusivity(unchecked) private var needsBarrier = false
    @exclusivity(unchecked) private var waitStarted: VirtualTime?

    init(_ kmem: PerMemcgCacheAccounting, memcg: MemCgroup, then done: @escaping () -> Void) {
        self.kmem = kmem
        self.memcg = memcg
        self.done = done
    }

    func start() {
        kmem.slabMutex.lock(owner: "memcg_destroy_kmem_caches") { self.walk() }
    }

    /// The kernel's walk visits every node of slab_caches and picks this
    /// memcg's children; the model prices every node but goes straight
    /// down the memcg's own list, which holds exactly those caches in the
    /// same relative order (both lists take a new cache at their head and
    /// nothing reorders them in the designs that free caches here).
    private func walk() {
        let visits = UInt64(kmem.globalList.count)
        guard let state = memcg.kmemState else { return finish(visits: visits) }
        var c = state.caches.head
        while c >= 0 {
            if let cache = kmem.caches[Int(c)] {
                if cache.state != .drained || kmem.allocator.activeObjects(of: cache.id) != 0 {
                    kmem.controller.report(ModelViolation(
                        "kmem-cache", "\(cache.name) is \(cache.state.rawValue) with \(kmem.allocator.activeObjects(of: cache.id)) objects when its memcg is freed"))
                } else {
                    kmem.transition(cache, to: .destroying)
                    release.append(cache)
                    if cache.flags.contains(.typesafeByRCU) { needsBarrier = true }
                }
            }
            c = kmem.memcgLinks.successor(Int(c))
        }
        finish(visits: visits)
    }

    private func finish(visits: UInt64) {
        kmem.statistics.listNodesVisited += visits
        // Each shutdown runs __kmem_cache_shutdown, with its flush_all.
        let cost = kmem.kernel.costs.cacheListNodeVisit * visits + (kmem.kernel.costs.slabObject + kmem.flushAllCost) * UInt64(release.count)
        kmem.kernel.schedule(after: cost, "slab.destroy_walk_done") { self.walked() }
    }

    private func walked() {
        kmem.slabMutex.unlock()
        guard needsBarrier else { releaseAll(); return }
        kmem.statistics.cacheRCUBarriers += 1
        kmem.statistics.cachesDestroyedAfterBarrier += release.count { $0.flags.contains(.typesafeByRCU) }
        waitStarted = kmem.kernel.now
        kmem.hostRCUBarrier { self.releaseAll() }
    }

    private func releaseAll() {
        if let waitStarted { kmem.statistics.teardownWaitTime += kmem.kernel.now - waitStarted }
        var cost = VirtualDuration.zero
        for cache in release { cost += kmem.releaseCache(cache, drained: true) }
        release = []
        kmem.kernel.schedule(after: cost, "slab.released") { self.done() }
    }
}
