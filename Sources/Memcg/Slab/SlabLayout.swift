/// The geometry of a slab cache: the part of `struct kmem_cache` that SLUB
/// computes once at creation (`calculate_sizes()`, `calculate_order()`,
/// `set_min_partial()`): the object stride, the slab order, how many
/// objects a slab holds and how many empty slabs a node may keep.
///
/// Order choice follows SLUB's idea, reimplemented here:
/// - a slab should hold at least `4 * (fls(cpus) + 1)` objects (more CPUs,
///   bigger slabs, fewer trips to the node lists), but never more than the
///   largest order (3, PAGE_ALLOC_COSTLY_ORDER) can hold;
/// - take the smallest order whose leftover is at most 1/16 of the slab;
///   failing that 1/8, then 1/4; failing all, ask for one object fewer and
///   try again;
/// - an object too large for order 3 gets the smallest order that fits it
///   once, up to order 10 (the buddy allocator's largest block).
/// With 4 CPUs and 4 KiB pages: kmalloc-32 is order 0 with 128 objects,
/// kmalloc-192 order 0 with 21, kmalloc-512 order 1 with 16, kmalloc-8k
/// order 3 with 4.
package struct SlabLayout: Hashable, Sendable {
    /// What the caller asked for (`object_size`).
    package let objectSize: Int
    /// Bytes per object in the slab (`size`, slabinfo's objsize): the
    /// object rounded to a word, plus the out-of-object free pointer of a
    /// SLAB_TYPESAFE_BY_RCU cache, rounded to the alignment.
    package let size: Int
    /// The effective alignment.
    let align: Int
    /// log2 of pages per slab.
    package let order: Int
    /// Objects per slab (`oo_objects`).
    package let objectsPerSlab: Int
    /// Slabs that may stay on a node's lists although empty
    /// (`min_partial`: log2(size)/2 clamped to 5...10).
    let minPartial: Int

    /// Largest order used while searching for an acceptable waste.
    static let costlyOrder = 3
    /// Largest order the page allocator hands out.
    static let maxOrder = 10
    /// SLUB's bounds on `min_partial`.
    static let minPartialRange = 5...10
    /// Cache line size used by `SlabFlags.hardwareCacheAlign`.
    static let cacheLineSize = 64
    static let wordSize = 8

    package var pagesPerSlab: Int { 1 << order }

    /// Computes the layout the kernel would choose.
    init(objectSize: Int, align: Int, flags: SlabFlags, cpus: Int, pageSize: Int) throws(SlabError) {
        guard objectSize > 0 else { throw .invalidArgument("slab object size must be positive, got \(objectSize)") }
        guard align >= 0, align == 0 || align & (align - 1) == 0 else {
            throw .invalidArgument("slab alignment must be zero or a power of two, got \(align)")
        }
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else {
            throw .invalidArgument("page size must be a power of two of at least 512, got \(pageSize)")
        }
        var alignment = max(align, Self.wordSize)
        if flags.contains(.hardwareCacheAlign) {
            var lineAlign = Self.cacheLineSize
            while objectSize <= lineAlign / 2 { lineAlign /= 2 }
            alignment = max(alignment, lineAlign)
        }
        var size = Self.roundUp(objectSize, Self.wordSize)
        // A typesafe-by-RCU object may still be read after kfree(), so the
        // allocator cannot overwrite it with its free pointer: SLUB stores
        // the pointer after the object.
        if flags.contains(.typesafeByRCU) { size += Self.wordSize }
        size = Self.roundUp(size, alignment)
        guard size <= pageSize << Self.maxOrder else {
            throw .invalidArgument("slab object size \(objectSize) exceeds the largest slab (\(pageSize << Self.maxOrder) bytes)")
        }
        let order = Self.calculateOrder(size: size, cpus: cpus, pageSize: pageSize)
        self.objectSize = objectSize
        self.size = size
        self.align = alignment
        self.order = order
        self.objectsPerSlab = min((pageSize << order) / size, Int(UInt16.max))
        self.minPartial = min(max(Self.log2(size) / 2, Self.minPartialRange.lowerBound), Self.minPartialRange.upperBound)
    }

    /// A layout of exactly one object in a slab of `order`: the model of
    /// kmalloc_large(), which takes pages straight from the page allocator.
    init(largeOrder order: Int, pageSize: Int) {
        objectSize = pageSize << order
        size = objectSize
        align = pageSize
        self.order = order
        objectsPerSlab = 1
        minPartial = 0
    }

    static func calculateOrder(size: Int, cpus: Int, pageSize: Int) -> Int {
        let maxObjects = (pageSize << costlyOrder) / size
        var minObjects = min(4 * (fls(cpus) + 1), maxObjects)
        while minObjects > 1 {
            var fraction = 16
            while fraction >= 4 {
                if let order = smallestOrder(size: size, minObjects: minObjects, fraction: fraction, pageSize: pageSize) {
                    return order
                }
                fraction /= 2
            }
            minObjects -= 1
        }
        // One object per slab: the smallest order that holds it.
        var order = 0
        while pageSize << order < size { order += 1 }
        return order
    }

    /// The smallest order up to `costlyOrder` holding `minObjects` objects
    /// with a leftover of at most 1/`fraction` of the slab.
    private static func smallestOrder(size: Int, minObjects: Int, fraction: Int, pageSize: Int) -> Int? {
        var order = 0
        while pageSize << order < minObjects * size { order += 1 }
        while order <= costlyOrder {
            let slabBytes = pageSize << order
            if slabBytes % size <= slabBytes / fraction { return order }
            order += 1
        }
        return nil
    }

    static func roundUp(_ value: Int, _ multiple: Int) -> Int { (value + multiple - 1) / multiple * multiple }
    static func log2(_ value: Int) -> Int { Int.bitWidth - 1 - value.leadingZeroBitCount }
    /// Position of the highest set bit, counting from 1 (`fls`).
    static func fls(_ value: Int) -> Int { value <= 0 ? 0 : log2(value) + 1 }
}
