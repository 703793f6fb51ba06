/// How per-memcg slab caches are deactivated and destroyed when their
/// memcg goes offline (only meaningful with `SlabAccounting.perMemcgCaches`).
public enum CacheTeardown: String, DesignKnobValue {
    /// 4.10: a synchronous grace period per cache under cgroup_mutex, walks
    /// of the global cache list, a synchronous rcu_barrier per
    /// SLAB_TYPESAFE_BY_RCU cache, a work item per destruction on an
    /// unbounded workqueue, sysfs directories kept until destruction.
    case synchronous
    /// 4.11: deactivation through an RCU callback bounced to a work item,
    /// root / children / per-memcg lists, one batched asynchronous
    /// rcu_barrier, destruction on a workqueue with max_active 1, sysfs
    /// directories of empty dying caches removed at deactivation.
    case deferred

    public var summary: String {
        switch self {
        case .synchronous: return "synchronous grace period per cache under cgroup_mutex, global list walks; 4.10 and earlier"
        case .deferred: return "call_rcu -> work item, per-memcg and per-root lists, batched async rcu_barrier; 4.11 and later"
        }
    }
}
