/// How accounted slab objects are charged to memory cgroups.
public enum SlabAccounting: String, DesignKnobValue {
    /// Each accounted root cache gets a child cache per memcg (created on
    /// the memcg's first allocation); whole slab pages of a child cache are
    /// charged to its memcg, and the cache pins the memcg until its last
    /// object is freed (3.8 to 5.8).
    case perMemcgCaches
    /// Shared root caches; every accounted object carries a pointer to an
    /// obj_cgroup and is charged in bytes; objcgs are reparented at offline,
    /// so slab objects no longer keep a dying memcg alive (5.9 and later).
    case objcg

    public var summary: String {
        switch self {
        case .perMemcgCaches: return "a child slab cache per (root cache, memcg), whole pages charged; 3.8 to 5.8"
        case .objcg: return "shared caches, per-object obj_cgroup charged in bytes, reparented at offline; 5.9 and later"
        }
    }
}
