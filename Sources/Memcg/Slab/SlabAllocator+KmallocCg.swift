// The kmalloc-cg-N caches of 5.14 (494c1dfe855e): create_kmalloc_caches()
// makes a KMALLOC_CGROUP set beside KMALLOC_NORMAL, with SLAB_ACCOUNT, and
// kmalloc_slab() picks the set by kmalloc_type(flags): `__GFP_ACCOUNT`
// selects kmalloc-cg-N whoever allocates (a root-cgroup task's object
// lands there too, uncharged). `__GFP_RECLAIMABLE` would win over it and
// pick kmalloc-rcl-N; the model has no reclaimable kmalloc.

extension SlabAllocator {
    /// Creates kmalloc-cg-N for every kmalloc size class, once, as
    /// create_kmalloc_caches() does at boot; returns them smallest first.
    @discardableResult
    func createKmallocCgCaches() -> [SlabCacheID] {
        guard kmallocCgCaches.isEmpty else { return kmallocCgCaches }
        var caches: [SlabCacheID] = []
        for size in Self.kmallocSizes(pageSize: pageSize) {
            let name = size < 1024 ? "kmalloc-cg-\(size)" : "kmalloc-cg-\(size / 1024)k"
            // The sizes are valid by construction, as for kmalloc-N.
            caches.append(try! createCache(name: name, objectSize: size, flags: [.account]))
        }
        kmallocCgCaches = caches
        return caches
    }

    /// The cache an accounted kmalloc of `size` bytes uses: kmalloc-cg-N
    /// once those exist, else the shared kmalloc-N; nil above two pages.
    func accountedKmallocCache(forSize size: Int) -> SlabCacheID? {
        guard let index = kmallocClass(forSize: size) else { return nil }
        return kmallocCgCaches.isEmpty ? kmallocCaches[index] : kmallocCgCaches[index]
    }
}
