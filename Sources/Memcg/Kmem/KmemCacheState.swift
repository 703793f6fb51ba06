/// Where a slab cache is in the life the memcg layer gives it.
package enum KmemCacheState: String, Sendable {
    /// In use: a root cache, or a child cache installed in its root's
    /// per-memcg array.
    case active
    /// Taken out of its root's array at offline; its deactivation (a grace
    /// period, then shrinking) has not finished yet.
    case deactivating
    /// Deactivated: no new objects; it lives until its last object is freed.
    case dying
    /// Up to 4.10: dying, empty and uncharged. It has given up its css
    /// reference on its memcg (which stood for its charged pages') and
    /// waits for the memcg's css_free (`TeardownAtMemcgFree`).
    case drained
    /// Empty and queued for destruction (waiting for the workqueue, the
    /// slab_mutex or an rcu_barrier).
    case destroying
    /// Gone: its `kmem_cache` is freed and its ID names nothing.
    case destroyed
}

extension KmemCacheState {
    /// Whether a cache in this state may enter `next`: a child cache goes
    /// through every state in order, skipping `drained` from 4.11 on (an
    /// empty dying cache is destroyed at once); a root cache goes from
    /// active straight to destroyed (kmem_cache_destroy).
    func mayEnter(_ next: KmemCacheState) -> Bool {
        switch next {
        case .active: return false
        case .deactivating: return self == .active
        case .dying: return self == .deactivating
        case .drained: return self == .dying
        case .destroying: return self == .dying || self == .drained
        case .destroyed: return self == .destroying || self == .active
        }
    }
}

extension KmemAccounting {
    /// Moves a cache to `next`, which its state must allow. Any other move
    /// is a model violation: it is recorded and the cache stays where it was.
    @inline(__always)
    func transition(_ cache: KmemCache, to next: KmemCacheState) {
        if !cache.enter(next) { refuseTransition(cache, to: next) }
    }

    /// Out of line, so that the checked move costs a compare and a store.
    @inline(never)
    private func refuseTransition(_ cache: KmemCache, to next: KmemCacheState) {
        controller.report(ModelViolation("lifecycle", "slab cache \(cache.name) moved from \(cache.state.rawValue) to \(next.rawValue)"))
    }
}
