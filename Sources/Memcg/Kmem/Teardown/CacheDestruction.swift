import KernelSim

// The blocking sequences of child-cache teardown are small objects whose
// methods are the steps between waits: the destruction of one cache here
// (4.11), the destruction of a memcg's caches at css_free in
// TeardownAtMemcgFree.swift (up to 4.10), and each design's deactivation
// in its own file.
//
// Every wait (a grace period, slab_mutex, a workqueue slot) resumes a step
// through a closure that captures the step object and nothing else. Such a
// closure uses the object as its context, so a wait allocates nothing; the
// step object is the one allocation of its sequence. The teardown runs
// eight or nine events per cache, for hundreds of thousands of caches at
// the threads' scale, and a closure capturing several values costs a heap
// context each time. The order of events is the same either way.

/// One empty dying cache's destruction from 4.11 on (shutdown_cache), a work
/// item that takes slab_mutex and shrinks the cache; what follows is
/// `PerMemcgCacheAccounting.destroyShrunkCache`.
final class CacheDestruction {
    private let kmem: PerMemcgCacheAccounting
    private let cache: KmemCache
    @exclusivity(unchecked) private var workDone: (() -> Void)?

    init(_ kmem: PerMemcgCacheAccounting, cache: KmemCache) {
        self.kmem = kmem
        self.cache = cache
    }

    func start() {
        kmem.destroyWorkqueue.queueAsync("kmem_cache_destroy") { done in self.workStarted(done) }
    }

    private func workStarted(_ done: @escaping () -> Void) {
        workDone = done
        kmem.slabMutex.lock(owner: "kmem_cache_destroy") { self.locked() }
    }

    private func locked() {
        kmem.allocator.shrink(cache.id)
        kmem.destroyShrunkCache(cache, self)
    }

    /// The work item ends after `cost` of work under slab_mutex.
    func finish(after cost: VirtualDuration) {
        kmem.kernel.schedule(after: cost, "slab.destroyed") { self.finished() }
    }

    private func finished() {
        kmem.slabMutex.unlock()
        let done = workDone
        workDone = nil
        done?()
    }
}
