/// Where a shrinker keeps the scan work it could not do (nr_deferred).
public enum ShrinkerDeferred: String, DesignKnobValue {
    /// One count per shrinker per node, shared by every memcg's reclaim
    /// (before 5.13): one memcg's pressure is paid by the next caller.
    case global
    /// For memcg-aware shrinkers a count per memcg per node, added to the
    /// parent's when the memcg goes offline (5.13 and later).
    case perMemcg

    public var summary: String {
        switch self {
        case .global: return "deferred scan counts per shrinker and node, shared by all memcgs; before 5.13"
        case .perMemcg: return "deferred scan counts per memcg and node, reparented at offline; 5.13 and later"
        }
    }
}

extension ShrinkerDeferred {
    /// The type that carries this design's code.
    var counts: any ShrinkerDeferredCounts.Type {
        switch self {
        case .global: return GlobalDeferredCounts.self
        case .perMemcg: return PerMemcgDeferredCounts.self
        }
    }
}
