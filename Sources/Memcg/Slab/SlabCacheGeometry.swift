/// The few fields of a cache that the object fast paths read, kept in
/// their own flat table apart from the cache's name and layout so that a
/// lookup touches one small record.
struct SlabCacheGeometry {
    var generation: UInt32 = 0
    var alive = false
    var order: UInt8 = 0
    var wordsPerSlab: UInt8 = 0
    var minPartial: UInt8 = 0
    var objectsPerSlab: UInt16 = 0
}
