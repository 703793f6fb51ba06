/// One cache's counts as /proc/slabinfo reports them: the model of the
/// kernel's `struct slabinfo` filled by SLUB's `get_slabinfo()`, plus the
/// list lengths behind it.
///
/// SLUB has no per-CPU arrays to tune, so `limit`, `batchCount`,
/// `sharedFactor` and `sharedAvail` are always 0, and every slab counts
/// as active (`activeSlabs == slabs`).
package struct SlabCacheStatistics: Hashable, Sendable {
    package var name: String
    /// Allocated objects (`active_objs`).
    package var activeObjects: Int
    /// Object capacity of all slabs (`num_objs`).
    package var objects: Int
    /// Bytes per object including padding (`objsize`, the kernel's `size`).
    package var objectSize: Int
    package var objectsPerSlab: Int
    package var pagesPerSlab: Int
    package var limit: Int = 0
    var batchCount: Int = 0
    var sharedFactor: Int = 0
    package var activeSlabs: Int
    /// All slabs (`num_slabs`).
    package var slabs: Int
    var sharedAvail: Int = 0
    /// Slab counts by list, for tests and reports.
    var partialSlabs: Int
    var fullSlabs: Int
    var emptySlabs: Int

    init(name: String, activeObjects: Int, objects: Int, objectSize: Int, objectsPerSlab: Int,
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
    package var pages: Int { slabs * pagesPerSlab }
}
