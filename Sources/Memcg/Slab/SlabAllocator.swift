public import KernelSim

/// The kernel's slab allocator (SLUB) as far as memory-cgroup accounting
/// sees it: caches (`struct kmem_cache`) holding slabs of 2^order pages
/// per NUMA node, objects handed out from those slabs, the kmalloc size
/// classes, and the page-level hook where the memcg layer charges slab
/// pages.
///
/// It knows nothing of cgroups. Each cache carries an `owner` tag that the
/// page observer receives (0 for root caches; a per-memcg child cache
/// carries its memcg's index), and each object may carry a 32-bit owner
/// tag (an objcg id) stored in a lazily created per-slab vector.
///
/// What is modelled and what is not:
/// - Objects come straight from the node's partial list, then from an
///   empty slab, then from a new slab. SLUB's per-CPU slabs and freelists
///   are not modelled: they change which slab an object lands in, not the
///   accounting of pages.
/// - An empty slab is kept while the node has fewer than `min_partial`
///   partial-or-empty slabs; `shrink(_:)` releases every empty slab.
/// - Slab pages are released at once, also for SLAB_TYPESAFE_BY_RCU
///   caches; waiting for the grace period is left to the layer that
///   models cache teardown.
/// - The hot paths are plain function calls on flat tables. The virtual
///   cost of an object operation is `kernel.costs.slabObject`; the
///   allocator counts operations (`objectOperations`) instead of
///   scheduling anything, and a caller that wants the time charges it.
public final class SlabAllocator {
    public let kernel: Kernel
    /// Bytes per page.
    package let pageSize: Int
    /// Receives slab page allocations and frees. Not retained, and must
    /// outlive the allocator's use of it. Not `weak`: a weak reference
    /// gives its object a side table, which puts every retain and release
    /// of the accounting layer on the runtime's slow path.
    @exclusivity(unchecked) package unowned var observer: (any SlabPageObserver)?

    /// The tables, held through a pointer owned by this allocator. A
    /// stored property of a class would be checked for exclusive access at
    /// run time on every use (about half of the fast path's cost); the
    /// allocator never hands out the pointer and never calls an observer
    /// while a mutation of the tables is in progress, so the static rules
    /// are enough.
    private let state: UnsafeMutablePointer<SlabArena>
    var arena: SlabArena {
        _read { yield state.pointee }
        _modify { yield &state.pointee }
    }
    /// The kmalloc caches, smallest first (kmalloc-8 ... kmalloc-2*page).
    let kmallocCaches: [SlabCacheID]
    /// The kmalloc-cg-N caches of accounted kmalloc, parallel to
    /// `kmallocCaches`, once `createKmallocCgCaches()` has made them (5.14).
    var kmallocCgCaches: [SlabCacheID] = []
    /// Stand-ins for kmalloc_large() by page order (index = order).
    @exclusivity(unchecked) var largeCaches: [SlabCacheID?] = []

    /// Fault point evaluated each time a slab needs new pages.
    static let pageAllocFaultPoint = FaultInjector.Point(
        name: "slab.page_alloc",
        summary: "the page allocator refuses pages for a new slab; the object allocation returns nil")

    /// Creates the allocator with the kmalloc caches already present, as
    /// after `create_kmalloc_caches()` at boot.
    public init(kernel: Kernel, pageSize: Int = 4096) {
        precondition(pageSize >= 512 && pageSize & (pageSize - 1) == 0, "page size must be a power of two >= 512")
        self.kernel = kernel
        self.pageSize = pageSize
        state = .allocate(capacity: 1)
        state.initialize(to: SlabArena(nodes: kernel.nodes))
        kernel.faults.register(Self.pageAllocFaultPoint)
        var kmalloc: [SlabCacheID] = []
        for size in Self.kmallocSizes(pageSize: pageSize) {
            let name = size < 1024 ? "kmalloc-\(size)" : "kmalloc-\(size / 1024)k"
            // The sizes are valid by construction.
            let layout = try! SlabLayout(objectSize: size, align: 0, flags: [], cpus: kernel.cpus, pageSize: pageSize)
            kmalloc.append(state.pointee.addCache(name: name, layout: layout, flags: [], owner: 0,
                                                  root: SlabRecord.none, hidden: false))
        }
        kmallocCaches = kmalloc
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    // MARK: Caches

    /// Creates a cache (`kmem_cache_create()`). `owner` is reported with
    /// every page of the cache; `root` links a per-memcg child cache to its
    /// root cache. Names need not be unique, as in the kernel.
    package func createCache(name: String, objectSize: Int, align: Int = 0, flags: SlabFlags = [],
                            owner: UInt32 = 0, root: SlabCacheID? = nil) throws(SlabError) -> SlabCacheID {
        guard !name.isEmpty else { throw .invalidArgument("a slab cache needs a name") }
        var rootIndex = SlabRecord.none
        if let root {
            guard let r = arena.index(of: root) else { throw .unknownCache(root) }
            rootIndex = UInt32(r)
        }
        let layout = try SlabLayout(objectSize: objectSize, align: align, flags: flags,
                                    cpus: kernel.cpus, pageSize: pageSize)
        return arena.addCache(name: name, layout: layout, flags: flags, owner: owner, root: rootIndex, hidden: false)
    }

    /// Destroys a cache with no allocated objects (`kmem_cache_destroy()`):
    /// its empty slabs are released (the observer sees them) and it leaves
    /// the cache list. A cache with objects is left alone: `.cacheBusy`.
    func destroyCache(_ id: SlabCacheID) throws(SlabError) {
        guard let c = arena.index(of: id) else { throw .unknownCache(id) }
        let active = activeObjects(cacheIndex: c)
        guard active == 0 else { throw .cacheBusy(name: arena.caches[c].name, activeObjects: active) }
        guard !kmallocCaches.contains(id), !kmallocCgCaches.contains(id), !largeCaches.contains(id) else {
            throw .invalidArgument("the kmalloc cache \(arena.caches[c].name) cannot be destroyed")
        }
        _ = shrink(cacheIndex: c)
        arena.removeCache(c)
    }

    /// Releases every empty slab of the cache on every node
    /// (`kmem_cache_shrink()`). Returns the number of slabs released.
    @discardableResult
    package func shrink(_ id: SlabCacheID) -> Int {
        shrink(cacheIndex: checkedIndex(id))
    }

    func shrink(cacheIndex c: Int) -> Int {
        var released = 0
        for node in 0..<arena.nodes {
            while true {
                let s = arena.nodeLists[c * arena.nodes + node].empty.head
                guard s != SlabRecord.none else { break }
                arena.unlink(s)
                let vectorBytes = arena.releaseSlab(s)
                released += 1
                notifyFreed(cacheIndex: c, node: node, vectorBytes: vectorBytes)
            }
        }
        return released
    }

    /// Changes the owner tag reported for the cache's future page events
    /// (as when a child cache is reparented). Pages already reported are
    /// the caller's to move.
    func setOwner(of id: SlabCacheID, to owner: UInt32) {
        arena.caches[checkedIndex(id)].owner = owner
    }

    /// Whether the ID names a live cache.
    package func contains(_ id: SlabCacheID) -> Bool { arena.index(of: id) != nil }

    /// Live caches listed in /proc/slabinfo, oldest first.
    package var caches: [SlabCacheID] {
        var result: [SlabCacheID] = []
        result.reserveCapacity(arena.liveCaches)
        var c = arena.oldest
        while c != SlabRecord.none {
            if !arena.caches[Int(c)].hidden { result.append(arena.id(ofIndex: Int(c))) }
            c = arena.caches[Int(c)].newerSibling
        }
        return result
    }

    public func name(of id: SlabCacheID) -> String { arena.caches[checkedIndex(id)].name }
    package func layout(of id: SlabCacheID) -> SlabLayout { arena.caches[checkedIndex(id)].layout }
    package func flags(of id: SlabCacheID) -> SlabFlags { arena.caches[checkedIndex(id)].flags }
    /// The owner tag of a cache.
    package func owner(of id: SlabCacheID) -> UInt32 { arena.caches[checkedIndex(id)].owner }
    /// The root cache of a child cache, nil for a root cache.
    public func root(of id: SlabCacheID) -> SlabCacheID? {
        let r = arena.caches[checkedIndex(id)].root
        return r == SlabRecord.none ? nil : arena.id(ofIndex: Int(r))
    }
    /// Creation sequence number, increasing and never reused: a stable
    /// position for /proc/slabinfo readers.
    package func serial(of id: SlabCacheID) -> UInt64 { arena.caches[checkedIndex(id)].serial }

    func checkedIndex(_ id: SlabCacheID) -> Int {
        guard let c = arena.index(of: id) else { preconditionFailure("no live slab cache \(id)") }
        return c
    }

    func activeObjects(cacheIndex c: Int) -> Int {
        var total = 0
        for node in 0..<arena.nodes { total += Int(arena.nodeLists[c * arena.nodes + node].inuse) }
        return total
    }

    // MARK: Observer

    func notifyFreed(cacheIndex c: Int, node: Int, vectorBytes: Int) {
        guard let observer else { return }
        let record = arena.caches[c]
        let id = arena.id(ofIndex: c)
        if vectorBytes > 0 { observer.slabTagVectorFreed(cache: id, node: node, bytes: vectorBytes) }
        observer.slabPagesFreed(cache: id, node: node, pages: record.layout.pagesPerSlab, owner: record.owner,
                                reclaimable: record.flags.contains(.reclaimAccount))
    }
}
