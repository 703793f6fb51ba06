/// Where a slab cache is in the life the memcg layer gives it.
public enum KmemCacheState: String, Sendable {
    /// In use: a root cache, or a child cache installed in its root's
    /// per-memcg array.
    case active
    /// Taken out of its root's array at offline; its deactivation (a grace
    /// period, then shrinking) has not finished yet.
    case deactivating
    /// Deactivated: no new objects; it lives until its last object is freed.
    case dying
    /// Empty and queued for destruction (waiting for the workqueue, the
    /// slab_mutex or an rcu_barrier).
    case destroying
    /// Gone: its `kmem_cache` is freed and its ID names nothing.
    case destroyed
}
