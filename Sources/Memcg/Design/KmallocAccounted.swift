/// Which caches accounted kmalloc() (`__GFP_ACCOUNT`) allocates from.
public enum KmallocAccounted: String, DesignKnobValue {
    /// The kmalloc-N caches that unaccounted kmalloc() also uses: accounted
    /// and unaccounted objects share slabs (to 5.13). Under objcg every
    /// object of a shared slab then needs an obj_cgroup slot, and an
    /// accounted object keeps a slab that also holds unaccounted ones.
    case shared
    /// A second set of kmalloc caches, kmalloc-cg-N, created at boot with
    /// SLAB_ACCOUNT: kmalloc_type() sends `__GFP_ACCOUNT` requests there,
    /// whoever makes them, so accounted and unaccounted objects no longer
    /// share slabs and /proc/slabinfo lists the kmalloc-cg-N lines
    /// (494c1dfe855e, "mm: memcg/slab: create a new set of kmalloc-cg-<n>
    /// caches", 5.14).
    case separateCaches

    public var summary: String {
        switch self {
        case .shared: return "accounted kmalloc shares the kmalloc-N caches with unaccounted objects; to 5.13"
        case .separateCaches: return "accounted kmalloc goes to kmalloc-cg-N caches of its own (494c1dfe855e); 5.14 on"
        }
    }
}
