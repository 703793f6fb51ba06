/// One cache's counts as /proc/slabinfo reports them: the model of the
/// kernel's `struct slabinfo` filled by SLUB's `get_slabinfo()`, plus the
/// list lengths behind it.
///
/// SLUB has no per-CPU arrays to tune, so `limit`, `batchCount`,
/// `sharedFactor` and `sharedAvail` are always 0, and every slab counts
/// as active (`activeSlabs == slabs`).
public struct SlabCacheStatistics: Hashable, Sendable {
    public var name: String
    /// Allocated objects (`active_objs`).
    public var activeObjects: Int
    /// Object capacity of all slabs (`num_objs`).
    public var objects: Int
    /// Bytes per object including padding (`objsize`, the kernel's `size`).
    public var objectSize: Int
    public var objectsPerSlab: Int
    public var pagesPerSlab: Int
    public var limit: Int = 0
    public var batchCount: Int = 0
    public var sharedFactor: Int = 0
    public var activeSlabs: Int
    /// All slabs (`num_slabs`).
    public var slabs: Int
    public var sharedAvail: Int = 0
    /// Slab counts by list, for tests and reports.
    public var partialSlabs: Int
    public var fullSlabs: Int
    public var emptySlabs: Int

    public init(name: String, activeObjects: Int, objects: Int, objectSize: Int, objectsPerSlab: Int,
                pagesPerSlab: Int, slabs: Int, partialSlabs: Int, fullSlabs: Int, emptySlabs: Int) {
        self.name = name
        self.activeObjects = activeObjects
        self.objects = objects
        self.objectSize = objectSize
        self.objectsPerSlab = objectsPerSlab
        self.pagesPerSlab = pagesPerSlab
        self.activeSlabs = slabs
        self.slabs = slabs
        self.partialSlabs = partialSlabs
        self.fullSlabs = fullSlabs
        self.emptySlabs = emptySlabs
    }

    /// Pages held by the cache's slabs.
    public var pages: Int { slabs * pagesPerSlab }
}
