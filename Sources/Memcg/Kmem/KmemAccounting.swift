package import KernelSim

/// The kernel-memory accounting layer of the memory controller: the slab
/// allocator wired to memcg charging, as mm/memcontrol.c and
/// mm/slab_common.c do it, under either design of `Design.slabAccounting`.
///
/// - `perMemcgCaches` (3.8 to 5.8): an accounted allocation in a memcg is
///   served by that memcg's child cache of the root cache (`memcg_caches`
///   indexed by the kmemcg cache ID). The first one falls back to the root
///   cache and schedules the child's creation. A child cache's slab pages
///   are charged to its memcg; the cache holds a css reference until it is
///   destroyed, and is torn down at offline as `Design.cacheTeardown` says.
/// - `objcg` (5.9 and later): accounted objects share the root caches;
///   each object points to an obj_cgroup and is charged its size plus the
///   pointer, in bytes, through a per-CPU object stock. At offline the
///   memcg's objcgs are retargeted to the parent.
///
/// Both designs share the allocator, the page observer and the statistics
/// paths; the knob only chooses the hooks. Kernel metadata the layer
/// creates (`kmem_cache` structures, per-root `memcg_caches` arrays, objcg
/// vectors, objcgs) is allocated from the model's own caches, unaccounted,
/// so it shows in /proc/slabinfo as the kernel's does.
///
/// Create caches through `createCache` (not through `allocator` directly):
/// only caches this layer knows are listed in /proc/slabinfo and get child
/// caches.
public final class KmemAccounting {
    public unowned let controller: MemoryController
    package let kernel: Kernel
    package let allocator: SlabAllocator
    package let accounting: SlabAccounting
    package let teardown: CacheTeardown
    /// The code of the `teardown` design.
    let childTeardown: any ChildCacheTeardown.Type
    @exclusivity(unchecked) package internal(set) var statistics = KmemStatistics()

    /// `slab_mutex`: cache creation, deactivation and destruction.
    package let slabMutex: KernelMutex
    /// Where child caches are created and (deferred design) deactivated and
    /// destroyed: `memcg_kmem_cache_create` (ordered) up to 4.10,
    /// `memcg_kmem_cache` with max_active 1 in the deferred design.
    package let cacheWorkqueue: Workqueue
    /// Where cache destructions run in the deferred design
    /// (`cacheWorkqueue`); up to 4.10 caches are destroyed at css_free on
    /// the cgroup destroy workqueue and this is the system workqueue, unused.
    package let destroyWorkqueue: Workqueue
    /// The system workqueue item that runs the batched rcu_barrier for
    /// SLAB_TYPESAFE_BY_RCU caches (deferred design).
    package let systemWorkqueue: Workqueue

    /// Every cache the layer knows, by allocator slot.
    @exclusivity(unchecked) var caches: ContiguousArray<KmemCache?> = []
    /// Per slot: 0 none, 1 root, 2 child. Read by list walks without
    /// touching the cache objects.
    @exclusivity(unchecked) var slotRoles: [UInt8] = []
    /// Per slot: what the objcg allocation and free paths need to know of
    /// the cache, so that they load no cache object (see `CacheSlotFacts`).
    @exclusivity(unchecked) var slotFacts: ContiguousArray<CacheSlotFacts> = []
    static let roleRoot: UInt8 = 1
    static let roleChild: UInt8 = 2

    /// `slab_caches`: every cache, newest first.
    @exclusivity(unchecked) var globalList = KmemCacheList()
    @exclusivity(unchecked) var globalLinks = KmemCacheLinks()
    /// `slab_root_caches`.
    @exclusivity(unchecked) var rootList = KmemCacheList()
    @exclusivity(unchecked) var rootLinks = KmemCacheLinks()
    /// Each root's children (heads in the root).
    @exclusivity(unchecked) var childLinks = KmemCacheLinks()
    /// Each memcg's caches (heads in `MemcgKmemState`).
    @exclusivity(unchecked) var memcgLinks = KmemCacheLinks()

    /// Child-cache creations queued and not yet run, by (root slot, memcg serial).
    @exclusivity(unchecked) var pendingCreations: Set<PendingCreation> = []
    /// SLAB_TYPESAFE_BY_RCU caches waiting for the batched rcu_barrier.
    @exclusivity(unchecked) var rcuDestroyBatch: [KmemCache] = []
    @exclusivity(unchecked) var rcuDestroyWork = (queued: false, running: false, rerun: false)
    /// Caches dying or waiting for destruction.
    @exclusivity(unchecked) var dyingCaches = 0
    /// The charge error a refused slab page left, for the allocation to throw.
    @exclusivity(unchecked) var pendingChargeError: MemcgError?
    /// kmalloc'ed objcg vectors, by size, to free with their slabs.
    @exclusivity(unchecked) var tagVectorObjects: [Int: [SlabObject]] = [:]

    /// Objcgs by tag (index 0 unused).
    @exclusivity(unchecked) var objcgs: ContiguousArray<ObjCgroup?> = [nil]
    @exclusivity(unchecked) var freeObjcgTags: [UInt32] = []
    /// The kmalloc'ed `struct obj_cgroup` of each live objcg, by tag.
    @exclusivity(unchecked) var objcgStructs: [UInt32: SlabObject] = [:]
    @exclusivity(unchecked) var objStocks: PerCPU<ObjStock>

    /// Stable-cursor slabinfo readers to fix up when a cache leaves a list.
    @exclusivity(unchecked) var stableReaders: [SlabinfoReader] = []

    /// The metadata caches: `kmem_cache` and `kmem_cache_node`.
    @exclusivity(unchecked) var metadataCache: KmemCache!
    @exclusivity(unchecked) var metadataNodeCache: KmemCache!
    /// The accounted caches every system has from boot (see `KmemBootCaches`).
    @exclusivity(unchecked) package private(set) var bootCaches: [SlabCacheID] = []

    /// Fault point: a child cache creation fails (the memcg keeps using the
    /// root cache and retries on a later allocation).
    static let cacheCreateFaultPoint = FaultInjector.Point(
        name: "kmem.cache_create", summary: "creating a per-memcg child cache fails; allocations stay on the root cache")

    init(controller: MemoryController) {
        self.controller = controller
        kernel = controller.kernel
        accounting = controller.design.slabAccounting
        teardown = controller.design.cacheTeardown
        childTeardown = teardown.implementation
        allocator = SlabAllocator(kernel: kernel, pageSize: PageSize.bytes)
        slabMutex = kernel.makeMutex("slab_mutex")
        systemWorkqueue = kernel.makeWorkqueue("events")
        (cacheWorkqueue, destroyWorkqueue) = childTeardown.makeWorkqueues(kernel, system: systemWorkqueue)
        objStocks = PerCPU(cpus: kernel.cpus, initial: ObjStock())
        kernel.faults.register(Self.cacheCreateFaultPoint)
        allocator.observer = self
        boot()
        controller.onCacheIDArrayGrowth { [unowned self] size in self.growChildArrays(to: size) }
        controller.addOfflineStep("kmem") { [unowned self] memcg, done in self.offline(memcg, then: done) }
        controller.addReleaseStep("kmem") { [unowned self] memcg in self.released(memcg) }
        if childTeardown.destroysAtMemcgFree, usesChildCaches {
            controller.addFreeStep("kmem") { [unowned self] memcg, done in self.freed(memcg, then: done) }
        }
    }

    /// The kmalloc caches exist from the allocator's creation; the metadata
    /// caches come next (the kernel bootstraps `kmem_cache` statically),
    /// then every cache's own metadata, then the boot caches.
    private func boot() {
        for id in allocator.kmallocCaches { _ = registerRoot(id) }
        if controller.design.kmallocAccounted == .separateCaches {
            for id in allocator.createKmallocCgCaches() { _ = registerRoot(id) }
        }
        // The sizes are valid constants.
        metadataCache = registerRoot(try! allocator.createCache(
            name: "kmem_cache", objectSize: KmemBootCaches.kmemCacheBytes, flags: .hardwareCacheAlign))
        metadataNodeCache = registerRoot(try! allocator.createCache(
            name: "kmem_cache_node", objectSize: KmemBootCaches.kmemCacheNodeBytes, flags: .hardwareCacheAlign))
        var c = globalList.tail
        while c >= 0 {
            if let cache = caches[Int(c)] { _ = allocateMetadata(for: cache) }
            c = globalLinks.prev[Int(c)]
        }
        for spec in KmemBootCaches.all + KmemBootCaches.vfs {
            // Boot caches are valid constants; failure here is a model bug.
            bootCaches.append(try! createCache(name: spec.name, objectSize: spec.objectSize, flags: spec.flags))
        }
    }

    /// Whether per-memcg child caches are in use.
    var usesChildCaches: Bool { accounting == .perMemcgCaches }

    // MARK: Caches

    /// Creates a root cache (`kmem_cache_create()`), with its `kmem_cache`
    /// structure, its sysfs directory and, under per-memcg caches, its
    /// `memcg_caches` array.
    package func createCache(name: String, objectSize: Int, align: Int = 0,
                            flags: SlabFlags = []) throws(MemcgError) -> SlabCacheID {
        let id: SlabCacheID
        do {
            id = try allocator.createCache(name: name, objectSize: objectSize, align: align, flags: flags)
        } catch {
            throw MemcgError(.EINVAL, "kmem_cache_create \(name): \(error.description)")
        }
        let cache = registerRoot(id, align: align)
        guard allocateMetadata(for: cache) else {
            unregister(cache)
            try? allocator.destroyCache(id)
            throw MemcgError(.ENOMEM, "kmem_cache_create \(name): no memory for the kmem_cache structure (injected)")
        }
        if usesChildCaches { resizeChildArray(of: cache, to: controller.cacheIDArraySize) }
        return id
    }

    /// Destroys a root cache with no objects and no child caches
    /// (`kmem_cache_destroy()`); EBUSY otherwise.
    func destroyCache(_ id: SlabCacheID) throws(MemcgError) {
        guard let cache = cacheInfo(id), cache.isRoot else {
            throw MemcgError(.EINVAL, "\(id) is not a live root cache")
        }
        guard !bootCaches.contains(id), !allocator.kmallocCaches.contains(id), !allocator.kmallocCgCaches.contains(id),
              cache !== metadataCache, cache !== metadataNodeCache else {
            throw MemcgError(.EBUSY, "\(cache.name) is a boot cache")
        }
        guard cache.childList.count == 0 else {
            throw MemcgError(.EBUSY, "\(cache.name) still has \(cache.childList.count) per-memcg caches")
        }
        let active = allocator.activeObjects(of: id)
        guard active == 0 else { throw MemcgError(.EBUSY, "slab cache \(cache.name) still has \(active) objects") }
        if let array = cache.childArrayObject { allocator.free(array) }
        cache.childArrayObject = nil
        freeMetadata(of: cache)
        unregister(cache)
        do {
            try allocator.destroyCache(id)
        } catch {
            controller.report(ModelViolation("kmem-cache", "destroying \(cache.name): \(error.description)"))
        }
        transition(cache, to: .destroyed)
    }

    /// The layer's record of a live cache, nil for an unknown or destroyed ID.
    func cacheInfo(_ id: SlabCacheID) -> KmemCache? {
        let slot = Int(id.index)
        guard slot < caches.count, let cache = caches[slot], cache.id == id else { return nil }
        return cache
    }

    /// A root cache by name (the first created, if several share it).
    public func rootCache(named name: String) -> SlabCacheID? {
        var c = rootList.tail
        while c >= 0 {
            if let cache = caches[Int(c)], cache.name == name { return cache.id }
            c = rootLinks.prev[Int(c)]
        }
        return nil
    }

    /// Root caches, oldest first.
    package var rootCaches: [SlabCacheID] {
        var result: [SlabCacheID] = []
        var c = rootList.tail
        while c >= 0 {
            if let cache = caches[Int(c)] { result.append(cache.id) }
            c = rootLinks.prev[Int(c)]
        }
        return result
    }

    /// Child caches of a root cache, live and dying, newest first.
    package func childCaches(of root: SlabCacheID) -> [KmemCache] {
        guard let cache = cacheInfo(root) else { return [] }
        var result: [KmemCache] = []
        var c = cache.childList.head
        while c >= 0 {
            if let child = caches[Int(c)] { result.append(child) }
            c = childLinks.successor(Int(c))
        }
        return result
    }

    /// Child caches that exist (live or dying).
    public var childCacheCount: Int { statistics.childCachesCreated - statistics.childCachesDestroyed }

    /// Child-cache creations queued and not yet run.
    package var pendingCreationCount: Int { pendingCreations.count }

    // MARK: Registration

    func registerRoot(_ id: SlabCacheID, align: Int = 0) -> KmemCache {
        let layout = allocator.layout(of: id)
        let cache = KmemCache(id: id, name: allocator.name(of: id), flags: allocator.flags(of: id),
                              objectSize: layout.objectSize, align: align, slotSize: layout.size,
                              serial: allocator.serial(of: id), root: nil, memcg: nil)
        install(cache, role: Self.roleRoot)
        rootLinks.insertHead(cache.slot, into: &rootList)
        addSysfsDirectory(cache)
        return cache
    }

    func install(_ cache: KmemCache, role: UInt8) {
        let slot = cache.slot
        if slot >= caches.count {
            caches.append(contentsOf: repeatElement(nil, count: slot + 1 - caches.count))
            slotRoles.append(contentsOf: repeatElement(0, count: slot + 1 - slotRoles.count))
            slotFacts.append(contentsOf: repeatElement(CacheSlotFacts(), count: slot + 1 - slotFacts.count))
        }
        caches[slot] = cache
        slotRoles[slot] = role
        slotFacts[slot] = CacheSlotFacts(
            id: cache.id, accountedRoot: role == Self.roleRoot && cache.isAccounted,
            objcgBytes: cache.slotSize + Self.objcgPointerBytes, reclaimable: cache.flags.contains(.reclaimAccount))
        globalLinks.insertHead(slot, into: &globalList)
    }

    /// Takes a cache off every list it is on and out of the table.
    func unregister(_ cache: KmemCache) {
        let slot = cache.slot
        unlinkGlobal(slot)
        if cache.isRoot {
            for reader in stableReaders where reader.walksRootList && reader.nextSlot == Int32(slot) {
                reader.nextSlot = rootLinks.successor(slot)
            }
            rootLinks.remove(slot, from: &rootList)
        } else if let root = cache.root, let memcg = cache.memcg {
            childLinks.remove(slot, from: &root.childList)
            for reader in stableReaders where reader.memcg === memcg && reader.nextSlot == Int32(slot) {
                reader.nextSlot = memcgLinks.successor(slot)
            }
            memcgLinks.remove(slot, from: &kmemState(memcg).caches)
        }
        removeSysfsDirectory(cache)
        caches[slot] = nil
        slotRoles[slot] = 0
        slotFacts[slot] = CacheSlotFacts()
    }

    /// list_del from `slab_caches`, moving any stable slabinfo cursor that
    /// was about to print this cache on to the next one.
    func unlinkGlobal(_ slot: Int) {
        for reader in stableReaders where reader.memcg == nil && !reader.walksRootList && reader.nextSlot == Int32(slot) {
            reader.nextSlot = globalLinks.successor(slot)
        }
        globalLinks.remove(slot, from: &globalList)
    }

    /// The `kmem_cache` structure and one `kmem_cache_node` per node.
    func allocateMetadata(for cache: KmemCache) -> Bool {
        var objects: [SlabObject] = []
        guard let s = allocator.allocate(metadataCache.id, node: 0) else { return false }
        objects.append(s)
        for node in 0..<kernel.nodes {
            guard let n = allocator.allocate(metadataNodeCache.id, node: node) else {
                for o in objects { allocator.free(o) }
                return false
            }
            objects.append(n)
        }
        cache.metadataObjects = objects
        return true
    }

    func freeMetadata(of cache: KmemCache) {
        for object in cache.metadataObjects { allocator.free(object) }
        cache.metadataObjects = []
    }

    func addSysfsDirectory(_ cache: KmemCache) {
        guard !cache.hasSysfsDirectory else { return }
        cache.hasSysfsDirectory = true
        statistics.sysfsDirectories += 1
        statistics.peakSysfsDirectories = max(statistics.peakSysfsDirectories, statistics.sysfsDirectories)
    }

    /// Returns whether a directory was removed (its virtual cost is the caller's).
    @discardableResult
    func removeSysfsDirectory(_ cache: KmemCache) -> Bool {
        guard cache.hasSysfsDirectory else { return false }
        cache.hasSysfsDirectory = false
        statistics.sysfsDirectories -= 1
        return true
    }

    // MARK: Per-memcg state

    func kmemState(_ memcg: MemCgroup) -> MemcgKmemState {
        if let state = memcg.kmemState { return state }
        let state = MemcgKmemState()
        memcg.kmemState = state
        return state
    }

    /// Takes a css reference the kmem layer holds (declared to the
    /// invariant checker as an external reference).
    func holdReference(_ memcg: MemCgroup) {
        controller.getExternal(memcg)
        kmemState(memcg).heldReferences += 1
    }

    func dropReference(_ memcg: MemCgroup) {
        kmemState(memcg).heldReferences -= 1
        controller.putExternal(memcg)
    }
}
