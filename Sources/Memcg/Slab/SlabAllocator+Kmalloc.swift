// kmalloc(): the size classes created at boot and the choice among them.

extension SlabAllocator {
    /// Object sizes of the kmalloc caches for a page size: 8 to 192 with
    /// the two odd classes 96 and 192, then powers of two up to two pages
    /// (KMALLOC_MAX_CACHE_SIZE); larger requests go to the page allocator.
    static func kmallocSizes(pageSize: Int) -> [Int] {
        var sizes = [8, 16, 32, 64, 96, 128, 192]
        var size = 256
        while size <= 2 * pageSize {
            sizes.append(size)
            size *= 2
        }
        return sizes
    }

    /// Class index for sizes 1...192, by (size - 1) / 8: requests up to 192
    /// bytes use this table so that 65...96 and 129...192 land in the odd
    /// classes.
    private static let smallClassIndex: [UInt8] = [
        0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 6,
    ]

    /// The kmalloc cache that serves `size` bytes, nil above two pages.
    public func kmallocCache(forSize size: Int) -> SlabCacheID? {
        kmallocClass(forSize: size).map { kmallocCaches[$0] }
    }

    /// The index into `kmallocCaches` (and `kmallocCgCaches`) of the size
    /// class that serves `size` bytes, nil above two pages.
    func kmallocClass(forSize size: Int) -> Int? {
        precondition(size > 0, "kmalloc of zero bytes")
        if size <= 192 { return Int(Self.smallClassIndex[(size - 1) >> 3]) }
        let index = SlabLayout.fls(size - 1) - 1
        return index < kmallocCaches.count ? index : nil
    }

    /// Allocates `size` bytes (`kmalloc_node()`). Up to two pages the
    /// object comes from the kmalloc cache of its class; larger requests
    /// take 2^order pages of their own, as kmalloc_large() does (counted as
    /// unreclaimable slab, not listed in /proc/slabinfo). Returns nil on an
    /// injected page allocation failure or above order 10.
    @inline(__always)
    package func kmalloc(size: Int, node: Int, objectTag: UInt32 = 0) -> SlabObject? {
        if let cache = kmallocCache(forSize: size) {
            return allocate(cache, node: node, objectTag: objectTag)
        }
        guard let cache = largeCache(forSize: size) else { return nil }
        return allocate(cache, node: node, objectTag: objectTag)
    }

    /// `kmalloc()` on the NUMA node of the kernel's current CPU.
    @inline(__always)
    package func kmalloc(size: Int, objectTag: UInt32 = 0) -> SlabObject? {
        kmalloc(size: size, node: kernel.currentNode, objectTag: objectTag)
    }

    /// Frees a kmalloc'ed object (`kfree()`).
    @inline(__always)
    func kfree(_ object: SlabObject) { free(object) }

    /// Whether the cache is a kmalloc_large() stand-in (one object of
    /// 2^order pages per slab, hidden from /proc/slabinfo).
    func isKmallocLarge(_ id: SlabCacheID) -> Bool { largeCaches.contains(id) }

    /// The hidden one-object cache for a large kmalloc, created on first use.
    func largeCache(forSize size: Int) -> SlabCacheID? {
        var order = 0
        while pageSize << order < size { order += 1 }
        guard order <= SlabLayout.maxOrder else { return nil }
        if largeCaches.count <= order { largeCaches.append(contentsOf: repeatElement(nil, count: order + 1 - largeCaches.count)) }
        if let cache = largeCaches[order] { return cache }
        let layout = SlabLayout(largeOrder: order, pageSize: pageSize)
        let cache = arena.addCache(name: "kmalloc-large-\((pageSize << order) >> 10)k", layout: layout, flags: [],
                                   owner: 0, root: SlabRecord.none, hidden: true)
        largeCaches[order] = cache
        return cache
    }
}
