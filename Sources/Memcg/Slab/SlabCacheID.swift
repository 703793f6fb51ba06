/// A stable name for one slab cache (one `struct kmem_cache`).
///
/// `index` is the cache's slot in the allocator's table; `generation`
/// changes each time the slot is reused after a `destroyCache`, so an ID
/// kept past its cache's destruction is detected rather than silently
/// naming a newer cache. `serial` ordering is by creation (see
/// `SlabAllocator.serial(of:)`), not by this value.
public struct SlabCacheID: Hashable, Sendable, CustomStringConvertible {
    public let index: UInt32
    let generation: UInt32

    init(index: UInt32, generation: UInt32) {
        self.index = index
        self.generation = generation
    }

    public var description: String { "cache#\(index).\(generation)" }
}
