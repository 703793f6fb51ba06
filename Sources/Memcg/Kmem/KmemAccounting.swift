package import KernelSim

/// The kernel-memory accounting layer of the memory controller: the slab
/// allocator wired to memcg charging, as mm/memcontrol.c and
/// mm/slab_common.c do it.
///
/// This class is the cache table both designs of `Design.slabAccounting`
/// share: every cache by allocator slot, the cache lists (`slab_caches`,
/// `slab_root_caches`, each root's children, each memcg's caches), the
/// kernel metadata of each cache, the boot caches, /proc/slabinfo, the
/// page observer and the entry points of allocation and free. Each design
/// is a subclass, built once by `make(for:)`, that provides the members
/// under "The design's part" below:
///
/// - `PerMemcgCacheAccounting` (ChildCaches/, with its teardown eras in
///   Teardown/; 3.8 to 5.8): per-memcg child caches of the root caches,
///   whole slab pages charged.
/// - `ObjcgSlabAccounting` (Objcg/; 5.9 and later): shared root caches,
///   each object charged in bytes through its obj_cgroup.
///
/// Subclasses rather than a protocol or an enum: both designs work on the
/// table's own storage, and a call from the allocation path is one
/// dispatch with no reference to load (an enum payload or a back
/// reference cost a retain and a release a call).
///
/// Kernel metadata the layer creates (`kmem_cache` structures, per-root
/// `memcg_caches` arrays, objcg vectors, objcgs) is allocated from the
/// model's own caches, unaccounted, so it shows in /proc/slabinfo as the
/// kernel's does.
///
/// Create caches through `createCache` (not through `allocator` directly):
/// only caches this layer knows are listed in /proc/slabinfo and get child
/// caches.
public class KmemAccounting {
    // The table's own members are final: only "The design's part" below is
    // overridden, and the walks and the allocation path reach the rest
    // directly.
    public final unowned let controller: MemoryController
    package final let kernel: Kernel
    package final let allocator: SlabAllocator
    /// The code of the `Design.cacheTeardown` design: the child caches'
    /// teardown, and which list /proc/slabinfo walks.
    final let childTeardown: any ChildCacheTeardown.Type
    @exclusivity(unchecked) package internal(set) final var statistics = KmemStatistics()

    /// `slab_mutex`: cache creation, deactivation and destruction.
    package final let slabMutex: KernelMutex
    /// Where child caches are created and (deferred design) deactivated and
    /// destroyed: `memcg_kmem_cache_create` (ordered) up to 4.10,
    /// `memcg_kmem_cache` with max_active 1 in the deferred design.
    package final let cacheWorkqueue: Workqueue
    /// Where cache destructions run in the deferred design
    /// (`cacheWorkqueue`); up to 4.10 caches are destroyed at css_free on
    /// the cgroup destroy workqueue and this is the system workqueue, unused.
    package final let destroyWorkqueue: Workqueue
    /// The system workqueue item that runs the batched rcu_barrier for
    /// SLAB_TYPESAFE_BY_RCU caches (deferred design).
    package final let systemWorkqueue: Workqueue

    /// Every cache the layer knows, by allocator slot.
    @exclusivity(unchecked) final var caches: ContiguousArray<KmemCache?> = []
    /// Per slot: 0 none, 1 root, 2 child. Read by list walks without
    /// touching the cache objects.
    @exclusivity(unchecked) final var slotRoles: [UInt8] = []
    /// Per slot: what the objcg allocation and free paths need to know of
    /// the cache, so that they load no cache object (see `CacheSlotFacts`).
    @exclusivity(unchecked) final var slotFacts: ContiguousArray<CacheSlotFacts> = []
    static let roleRoot: UInt8 = 1
    static let roleChild: UInt8 = 2

    /// `slab_caches`: every cache, newest first.
    @exclusivity(unchecked) final var globalList = KmemCacheList()
    @exclusivity(unchecked) final var globalLinks = KmemCacheLinks()
    /// `slab_root_caches`.
    @exclusivity(unchecked) final var rootList = KmemCacheList()
    @exclusivity(unchecked) final var rootLinks = KmemCacheLinks()
    /// Each root's children (heads in the root).
    @exclusivity(unchecked) final var childLinks = KmemCacheLinks()
    /// Each memcg's caches (heads in `MemcgKmemState`).
    @exclusivity(unchecked) final var memcgLinks = KmemCacheLinks()

    /// Child caches dying or waiting for destruction (per-memcg caches).
    @exclusivity(unchecked) final var dyingCaches = 0
    /// kmalloc'ed objcg vectors, by size, to free with their slabs.
    @exclusivity(unchecked) final var tagVectorObjects: [Int: [SlabObject]] = [:]

    /// Stable-cursor slabinfo readers to fix up when a cache leaves a list.
    @exclusivity(unchecked) final var stableReaders: [SlabinfoReader] = []

    /// The metadata caches: `kmem_cache` and `kmem_cache_node`.
    @exclusivity(unchecked) final var metadataCache: KmemCache!
    @exclusivity(unchecked) final var metadataNodeCache: KmemCache!
    /// The accounted caches every system has from boot (see `KmemBootCaches`).
    @exclusivity(unchecked) package private(set) final var bootCaches: [SlabCacheID] = []

    /// Fault point: a child cache creation fails (the memcg keeps using the
    /// root cache and retries on a later allocation).
    static let cacheCreateFaultPoint = FaultInjector.Point(
        name: "kmem.cache_create", summary: "creating a per-memcg child cache fails; allocations stay on the root cache")

    /// The kmem layer of `controller` under its design's slab accounting.
    static func make(for controller: MemoryController) -> KmemAccounting {
        switch controller.design.slabAccounting {
        case .objcg: return ObjcgSlabAccounting(controller: controller)
        case .perMemcgCaches: return PerMemcgCacheAccounting(controller: controller)
        }
    }

    /// Only through a design's subclass (`make(for:)`).
    init(controller: MemoryController) {
        self.controller = controller
        kernel = controller.kernel
        childTeardown = controller.design.cacheTeardown.implementation
        allocator = SlabAllocator(kernel: kernel, pageSize: PageSize.bytes)
        slabMutex = kernel.makeMutex("slab_mutex")
        systemWorkqueue = kernel.makeWorkqueue("events")
        (cacheWorkqueue, destroyWorkqueue) = childTeardown.makeWorkqueues(kernel, system: systemWorkqueue)
        kernel.faults.register(Self.cacheCreateFaultPoint)
        allocator.observer = self
        boot()
        controller.onCacheIDArrayGrowth { [unowned self] size in self.cacheIDArrayGrew(to: size) }
        controller.addOfflineStep("kmem") { [unowned self] memcg, done in self.offline(memcg, then: done) }
        controller.addReleaseStep("kmem") { [unowned self] memcg in self.released(memcg) }
        if destroysCachesAtMemcgFree {
            controller.addFreeStep("kmem") { [unowned self] memcg, done in self.freed(memcg, then: done) }
        }
    }

    // MARK: The design's part
    //
    // What the two designs do differently, overridden by each. The table's
    // own answers here are those of a layer with no accounting: nothing is
    // charged, nothing is torn down.

    /// An accounted allocation from the accounted root cache `cache` (in
    /// table slot `slot`) for `memcg`, neither the root: charged per
    /// object, or served by the memcg's child cache.
    func allocateAccounted(_ cache: SlabCacheID, slot: Int, memcg: MemCgroup, node: Int) throws(MemcgError) -> SlabObject {
        try allocateUnaccounted(cache, node: node)
    }

    /// An object allocated from table slot `slot` on `node` was freed that
    /// has a tag (nonzero: its objcg) or comes from a child cache.
    func objectFreed(slot: Int, tag: UInt32, node: Int) {}

    /// The kmem offline step (memcg_offline_kmem).
    func offline(_ memcg: MemCgroup, then done: @escaping () -> Void) { done() }

    /// The kmem release step.
    func released(_ memcg: MemCgroup) {}

    /// Whether the layer has a css_free step (`freed`): up to 4.10, where
    /// child caches are destroyed when their memcg is freed.
    var destroysCachesAtMemcgFree: Bool { false }

    /// The kmem free step.
    func freed(_ memcg: MemCgroup, then done: @escaping () -> Void) { done() }

    /// memcg_update_all_caches: the kmemcg cache ID array grew to `size`.
    func cacheIDArrayGrew(to size: Int) {}

    /// A root cache was created (`createCache`) after boot or during it.
    func rootCacheCreated(_ cache: KmemCache) {}

    /// A slab of a cache whose owner is a kmemcg cache ID is about to take
    /// `pages`; false refuses it (a failed charge).
    func childSlabPagesWillAllocate(cache: SlabCacheID, pages: Int, reclaimable: Bool) -> Bool { true }

    /// A slab of a cache whose owner is a kmemcg cache ID gave back `pages`.
    func childSlabPagesFreed(cache: SlabCacheID, pages: Int, reclaimable: Bool) {}

    /// Whether per-memcg child caches are in use.
    var usesChildCaches: Bool { false }

    /// Child-cache creations queued and not yet run.
    package var pendingCreationCount: Int { 0 }

    /// Queued child-cache creations by memcg serial (for the reference check).
    func pendingCreationsByMemcg() -> [UInt64: Int] { [:] }

    /// Dying memcgs kept by slab objects: ones whose own child caches
    /// still hold objects (which keeps the cache, and the cache keeps its
    /// memcg). From 5.3 a dying memcg owns no cache: they went to the
    /// parent at offline; under objcg no memcg owns a cache.
    package var dyingCgroupsPinnedBySlab: Int { 0 }

    /// Whether a dying memcg's kernel-memory charges move to its parent at
    /// offline (with the objcgs) while its own statistics stay behind until
    /// it is freed, so that a cgroup's `kernel` statistic matches its own
    /// charges only subtree-wide.
    var reparentsKernelChargesAtOffline: Bool { false }

    /// Charges `bytes` of byte-charged kernel memory through the memcg's
    /// objcg. Returns the memcg the objcg charges now (its bookkeeping
    /// owner), or nil when the bytes are to be charged to `memcg` directly.
    func chargeKernelBytesThroughObjcg(_ memcg: MemCgroup, _ bytes: Int) throws(MemcgError) -> MemCgroup? { nil }

    /// Gives back bytes charged with `chargeKernelBytesThroughObjcg`.
    /// Returns the memcg the objcg charges now (whose bookkeeping the bytes
    /// leave), or nil when they were charged to the memcg directly.
    func unchargeKernelBytesThroughObjcg(_ memcg: MemCgroup, _ bytes: Int) -> MemCgroup? { nil }

    /// Whether `memcg`'s byte charges go through its objcg (so its
    /// `kernelBytes` are not backed by `kmemSpareBytes` and page references).
    func chargesKernelBytesThroughObjcg(_ memcg: MemCgroup) -> Bool { false }

    /// The objcg with tag `tag`, nil if none.
    func objcg(tagged tag: UInt32) -> ObjCgroup? { nil }

    /// Drains every CPU's object stock.
    func drainObjStocks() {}

    /// Bytes the CPU stocks hold pre-charged for `objcg`.
    func stockedBytes(_ objcg: ObjCgroup) -> Int { 0 }

    /// Pages charged through objcgs to each memcg's own level, by serial:
    /// the controller's charge-conservation check counts them as local.
    func objcgPagesByMemcg() -> [UInt64: Int] { [:] }

    /// The design's own invariants (see `checkInvariants`).
    func checkDesignInvariants(_ broken: inout [ModelViolation]) {}

    /// The design's own liveness checks (see `checkQuiescent`).
    func checkDesignQuiescent(_ broken: inout [ModelViolation]) {}

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

    // MARK: Caches

    /// Creates a root cache (`kmem_cache_create()`), with its `kmem_cache`
    /// structure, its sysfs directory and, under per-memcg caches, its
    /// `memcg_caches` array.
    package final func createCache(name: String, objectSize: Int, align: Int = 0,
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
        rootCacheCreated(cache)
        return id
    }

    /// Destroys a root cache with no objects and no child caches
    /// (`kmem_cache_destroy()`); EBUSY otherwise.
    final func destroyCache(_ id: SlabCacheID) throws(MemcgError) {
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
    final func cacheInfo(_ id: SlabCacheID) -> KmemCache? {
        let slot = Int(id.index)
        guard slot < caches.count, let cache = caches[slot], cache.id == id else { return nil }
        return cache
    }

    /// Child caches that exist (live or dying).
    public final var childCacheCount: Int { statistics.childCachesCreated - statistics.childCachesDestroyed }

    /// Objcgs not yet released.
    final var liveObjcgCount: Int { statistics.objcgsCreated - statistics.objcgsReleased }

    /// A root cache by name (the first created, if several share it).
    public final func rootCache(named name: String) -> SlabCacheID? {
        var c = rootList.tail
        while c >= 0 {
            if let cache = caches[Int(c)], cache.name == name { return cache.id }
            c = rootLinks.prev[Int(c)]
        }
        return nil
    }

    /// Root caches, oldest first.
    package final var rootCaches: [SlabCacheID] {
        var result: [SlabCacheID] = []
        var c = rootList.tail
        while c >= 0 {
            if let cache = caches[Int(c)] { result.append(cache.id) }
            c = rootLinks.prev[Int(c)]
        }
        return result
    }

    /// Child caches of a root cache, live and dying, newest first.
    package final func childCaches(of root: SlabCacheID) -> [KmemCache] {
        guard let cache = cacheInfo(root) else { return [] }
        var result: [KmemCache] = []
        var c = cache.childList.head
        while c >= 0 {
            if let child = caches[Int(c)] { result.append(child) }
            c = childLinks.successor(Int(c))
        }
        return result
    }

    // MARK: Registration

    final func registerRoot(_ id: SlabCacheID, align: Int = 0) -> KmemCache {
        let layout = allocator.layout(of: id)
        let cache = KmemCache(id: id, name: allocator.name(of: id), flags: allocator.flags(of: id),
                              objectSize: layout.objectSize, align: align, slotSize: layout.size,
                              serial: allocator.serial(of: id), root: nil, memcg: nil)
        install(cache, role: Self.roleRoot)
        rootLinks.insertHead(cache.slot, into: &rootList)
        addSysfsDirectory(cache)
        return cache
    }

    final func install(_ cache: KmemCache, role: UInt8) {
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
            objcgBytes: cache.slotSize + ObjcgSlabAccounting.objcgPointerBytes, reclaimable: cache.flags.contains(.reclaimAccount))
        globalLinks.insertHead(slot, into: &globalList)
    }

    /// Takes a cache off every list it is on and out of the table.
    final func unregister(_ cache: KmemCache) {
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
    final func unlinkGlobal(_ slot: Int) {
        for reader in stableReaders where reader.memcg == nil && !reader.walksRootList && reader.nextSlot == Int32(slot) {
            reader.nextSlot = globalLinks.successor(slot)
        }
        globalLinks.remove(slot, from: &globalList)
    }

    /// The `kmem_cache` structure and one `kmem_cache_node` per node.
    final func allocateMetadata(for cache: KmemCache) -> Bool {
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

    final func freeMetadata(of cache: KmemCache) {
        for object in cache.metadataObjects { allocator.free(object) }
        cache.metadataObjects = []
    }

    final func addSysfsDirectory(_ cache: KmemCache) {
        guard !cache.hasSysfsDirectory else { return }
        cache.hasSysfsDirectory = true
        statistics.sysfsDirectories += 1
        statistics.peakSysfsDirectories = max(statistics.peakSysfsDirectories, statistics.sysfsDirectories)
    }

    /// Returns whether a directory was removed (its virtual cost is the caller's).
    @discardableResult
    final func removeSysfsDirectory(_ cache: KmemCache) -> Bool {
        guard cache.hasSysfsDirectory else { return false }
        cache.hasSysfsDirectory = false
        statistics.sysfsDirectories -= 1
        return true
    }

    // MARK: Per-memcg state

    final func kmemState(_ memcg: MemCgroup) -> MemcgKmemState {
        if let state = memcg.kmemState { return state }
        let state = MemcgKmemState()
        memcg.kmemState = state
        return state
    }

    /// Takes a css reference the kmem layer holds (declared to the
    /// invariant checker as an external reference).
    final func holdReference(_ memcg: MemCgroup) {
        controller.getExternal(memcg)
        kmemState(memcg).heldReferences += 1
    }

    final func dropReference(_ memcg: MemCgroup) {
        kmemState(memcg).heldReferences -= 1
        controller.putExternal(memcg)
    }
}
