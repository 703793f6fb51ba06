package import KernelSim

/// Every list_lru of one controller: the kernel's `memcg_list_lrus` list
/// with `list_lrus_mutex`, the offline step that moves a dying memcg's
/// lists to its parent, and (eager) the hook that grows every memcg-aware
/// list_lru when a new kmemcg cache ID does not fit.
///
/// list_lru metadata comes from the controller's slab allocator through
/// plain kmalloc: the kernel allocates it with GFP_KERNEL (the lazy design
/// masks the caller's flags with GFP_RECLAIM_MASK, dropping
/// __GFP_ACCOUNT), so none of it is charged to a memcg, but all of it shows
/// in /proc/slabinfo (kmalloc-32 for the eager lists).
public final class ListLRURegistry {
    public unowned let controller: MemoryController
    package let design: ListLRUDesign
    /// The design's variant, which every list_lru of the registry holds.
    let index: ListLRUIndex
    /// `list_lrus_mutex`, taken to walk or change `memcg_list_lrus`.
    package let mutex: KernelMutex
    @exclusivity(unchecked) package internal(set) var statistics = ListLRUStatistics()

    /// `memcg_list_lrus`, in registration order.
    @exclusivity(unchecked) package private(set) var memcgAware: [ListLRU] = []
    /// Every list_lru not destroyed, in creation order.
    @exclusivity(unchecked) package private(set) var all: [ListLRU] = []

    let slab: SlabAllocator
    unowned let shrinkers: ShrinkerRegistry
    /// kmalloc-32, where `sizeof(struct list_lru_one)` (24 bytes) lands.
    let eagerListCache: SlabCacheID
    let eagerListClassSize: Int
    /// `radix_tree_node`: the xarray's nodes (576 bytes).
    private(set) lazy var radixTreeNodeCache: SlabCacheID = {
        // A boot cache: it exists before any list_lru.
        controller.kmem.rootCache(named: "radix_tree_node")!
    }()

    /// `sizeof(struct list_lru_one)` before 6.13: a list head and a count.
    static let eagerListBytes = 24
    /// `sizeof(struct list_lru_node)`, cache-line aligned.
    static let nodeBytes = 64
    /// What RCU callbacks that free metadata hold instead of the registry
    /// (they may outlive it): see `OwnerLink`.
    private let callbackLink = OwnerLink<ListLRURegistry>()

    /// An allocation the page allocator keeps refusing is retried this
    /// often where the kernel path cannot fail, then reported.
    static let retries = 1_000

    init(controller: MemoryController, shrinkers: ShrinkerRegistry) {
        self.controller = controller
        self.shrinkers = shrinkers
        design = controller.design.listLRU
        index = design.index
        slab = controller.slab
        mutex = controller.kernel.makeMutex("list_lrus_mutex")
        eagerListCache = slab.kmallocCache(forSize: Self.eagerListBytes)!
        eagerListClassSize = slab.layout(of: eagerListCache).size
        callbackLink.owner = self
        controller.addOfflineStep("memcg_reparent_list_lrus") { [unowned self] memcg, done in
            self.reparent(memcg)
            done()
        }
        if index.allocatesListsUpFront {
            controller.onCacheIDArrayGrowth { [unowned self] size in self.growAll(to: size) }
        }
    }

    deinit {
        callbackLink.owner = nil
    }

    // MARK: Creating and destroying list_lrus

    /// `list_lru_init_memcg()` / `list_lru_init()`: a new list_lru with its
    /// node array and, eager and memcg-aware, a list for every cache ID on
    /// every node. `shrinkerID` is the memcg-aware shrinker whose bit its
    /// lists set. Throws ENOMEM when an allocation fails.
    public func makeListLRU(name: String, memcgAware: Bool, shrinkerID: Int? = nil) throws(MemcgError) -> ListLRU {
        let lru = ListLRU(registry: self, name: name, memcgAware: memcgAware, shrinkerID: shrinkerID)
        guard let nodeArray = allocateMetadata(bytes: Self.nodeBytes * lru.nodes, retry: false) else {
            throw MemcgError(.ENOMEM, "list_lru \(name): allocating the node array failed")
        }
        lru.nodeArray = nodeArray
        statistics.nodeArrayBytes += classSize(Self.nodeBytes * lru.nodes)
        if memcgAware, index.allocatesListsUpFront {
            do {
                try withListLRUsMutex("list_lru_init \(name)") { () throws(MemcgError) in
                    try index.allocateLists(lru, size: controller.cacheIDArraySize)
                }
            } catch {
                lru.release()
                throw error
            }
        }
        if memcgAware {
            withListLRUsMutex("list_lru_register \(name)") { self.memcgAware.append(lru) }
            statistics.memcgAwareListLRUs += 1
        }
        all.append(lru)
        statistics.listLRUs += 1
        return lru
    }

    /// `list_lru_destroy()`: unregisters the list_lru and frees its metadata.
    package func destroy(_ lru: ListLRU) {
        guard !lru.isDestroyed else { return }
        if lru.isMemcgAware {
            withListLRUsMutex("list_lru_unregister \(lru.name)") { memcgAware.removeAll { $0 === lru } }
            statistics.memcgAwareListLRUs -= 1
        }
        lru.release()
        all.removeAll { $0 === lru }
        statistics.listLRUs -= 1
    }

    // MARK: The memcg lifecycle

    /// `memcg_update_all_list_lrus()`: every memcg-aware list_lru grows its
    /// arrays to `size` under `list_lrus_mutex`, before the new ID is used.
    func growAll(to size: Int) {
        statistics.arrayGrowths += 1
        withListLRUsMutex("memcg_update_all_list_lrus") {
            for lru in memcgAware { index.grow(lru, to: size) }
        }
    }

    /// The offline step: every memcg-aware list_lru moves the memcg's items
    /// to its parent's lists; from then on the memcg resolves to its parent.
    func reparent(_ memcg: MemCgroup) {
        guard let parent = memcg.parent, !memcg.listLRUsReparented else { return }
        withListLRUsMutex("memcg_reparent_list_lrus") {
            for lru in memcgAware { statistics.reparentedItems += lru.reparent(memcg, to: parent) }
        }
        memcg.listLRUsReparented = true
        statistics.reparentedMemcgs += 1
    }

    /// Runs a critical section under `list_lrus_mutex`. Every holder of it
    /// in the model finishes without waiting, so the mutex is always free
    /// here; the hold is recorded on its timeline.
    private func withListLRUsMutex<E: Error>(_ owner: String, _ body: () throws(E) -> Void) throws(E) {
        guard !mutex.isLocked else {
            report(ModelViolation("list_lrus_mutex", "\(owner): list_lrus_mutex held by \(mutex.holder ?? "?") across events"))
            try body()
            return
        }
        var granted = false
        mutex.lock(owner: owner) { granted = true }
        precondition(granted)
        defer { mutex.unlock() }
        try body()
    }

    // MARK: Metadata allocation

    /// The bytes a kmalloc of `bytes` really takes: its size class, or whole
    /// pages above the largest class.
    func classSize(_ bytes: Int) -> Int {
        if let cache = slab.kmallocCache(forSize: bytes) { return slab.layout(of: cache).size }
        var size = slab.pageSize
        while size < bytes { size <<= 1 }
        return size
    }

    /// kmalloc on the current CPU's node. With `retry` an injected failure
    /// is retried (a path the kernel cannot fail), and reported if it persists.
    func allocateMetadata(bytes: Int, retry: Bool) -> SlabObject? {
        let node = controller.kernel.currentNode
        for _ in 0..<(retry ? Self.retries : 1) {
            if let object = slab.kmalloc(size: bytes, node: node) { return object }
        }
        if retry {
            report(ModelViolation("list_lru-alloc", "a \(bytes)-byte list_lru allocation kept failing \(Self.retries) times"))
        }
        return nil
    }

    /// kfree of list_lru metadata counted in `kind` (nil: not yet counted).
    func freeMetadata(_ object: SlabObject, bytes: Int, kind: WritableKeyPath<ListLRUStatistics, Int>?) {
        slab.kfree(object)
        if let kind { statistics[keyPath: kind] -= classSize(bytes) }
    }

    /// kvfree_rcu: the object stays allocated until a grace period ends.
    func freeMetadataAfterGracePeriod(_ object: SlabObject, bytes: Int, kind: WritableKeyPath<ListLRUStatistics, Int>) {
        statistics[keyPath: kind] -= classSize(bytes)
        pendingFrees += 1
        let link = callbackLink
        controller.kernel.callRCU {
            guard let registry = link.owner else { return }
            registry.slab.kfree(object)
            registry.pendingFrees -= 1
        }
    }

    /// Objects waiting for a grace period before they are freed.
    @exclusivity(unchecked) private(set) var pendingFrees = 0

    func allocateMapNode() -> SlabObject? {
        guard let node = slab.allocate(radixTreeNodeCache, node: controller.kernel.currentNode) else { return nil }
        statistics.mapNodeBytes += slab.layout(of: radixTreeNodeCache).size
        return node
    }

    func freeMapNode(_ node: SlabObject, deferred: Bool) {
        statistics.mapNodeBytes -= slab.layout(of: radixTreeNodeCache).size
        guard deferred else {
            slab.free(node)
            return
        }
        pendingFrees += 1
        let link = callbackLink
        controller.kernel.callRCU {
            guard let registry = link.owner else { return }
            registry.slab.free(node)
            registry.pendingFrees -= 1
        }
    }

    func report(_ violation: ModelViolation) {
        controller.report(violation)
    }
}
