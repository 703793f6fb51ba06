import KernelSim

// Per-memcg child caches: their asynchronous creation
// (memcg_schedule_kmem_cache_create -> memcg_create_kmem_cache) and the
// per-root arrays indexed by kmemcg cache ID (memcg_update_all_caches).

extension PerMemcgCacheAccounting {
    /// Queues the creation of `root`'s child cache for `memcg`, once per
    /// pair until it has run. The work item holds a css reference on the
    /// memcg until it is done.
    func scheduleChildCacheCreation(_ root: KmemCache, for memcg: MemCgroup) {
        let key = PendingCreation(rootSlot: root.slot, memcgSerial: memcg.serial)
        guard pendingCreations.insert(key).inserted else { return }
        holdReference(memcg)
        // Each step loads the unowned reference once into a strong local
        // (every use of an unowned capture is a checked retain of its own).
        cacheWorkqueue.queueAsync("memcg_kmem_cache_create_func") { [unowned self] done in
            self.slabMutex.lock(owner: "memcg_create_kmem_cache") {
                let kmem = self
                let cost = kmem.createChildCache(root, for: memcg)
                kmem.kernel.schedule(after: cost, "slab.create_done") {
                    let kmem = self
                    kmem.slabMutex.unlock()
                    kmem.pendingCreations.remove(key)
                    kmem.dropReference(memcg)
                    done()
                }
            }
        }
    }

    /// memcg_create_kmem_cache, under slab_mutex. Returns the virtual time
    /// it took (the sysfs directory and the structures it allocates).
    private func createChildCache(_ root: KmemCache, for memcg: MemCgroup) -> VirtualDuration {
        // The memcg may have gone offline, or the root been destroyed,
        // while the item waited.
        guard memcg.state.isOnline, let index = memcg.cacheID, cacheInfo(root.id) === root,
              index < root.children.count else {
            statistics.childCacheCreationsAborted += 1
            return .zero
        }
        guard root.children[index] == nil else { return .zero }
        if kernel.shouldFail(KmemAccounting.cacheCreateFaultPoint.name) {
            statistics.childCacheCreationsAborted += 1
            return .zero
        }
        let name = "\(root.name)(\(memcg.serial):\(memcg.name))"
        let id: SlabCacheID
        do {
            id = try allocator.createCache(name: name, objectSize: root.objectSize, align: root.align, flags: root.flags,
                                           owner: UInt32(truncatingIfNeeded: index + 1), root: root.id)
        } catch {
            controller.report(ModelViolation("kmem-cache", "creating \(name) failed although its root exists: \(error.description)"))
            return .zero
        }
        let layout = allocator.layout(of: id)
        let child = KmemCache(id: id, name: name, flags: root.flags, objectSize: root.objectSize, align: root.align,
                              slotSize: layout.size, serial: allocator.serial(of: id), root: root, memcg: memcg)
        install(child, role: KmemAccounting.roleChild)
        guard allocateMetadata(for: child) else {
            unlinkGlobal(child.slot)
            caches[child.slot] = nil
            slotRoles[child.slot] = 0
            try? allocator.destroyCache(id)
            statistics.childCacheCreationsAborted += 1
            return .zero
        }
        childLinks.insertHead(child.slot, into: &root.childList)
        memcgLinks.insertHead(child.slot, into: &kmemState(memcg).caches)
        root.children[index] = child
        holdReference(memcg)
        addSysfsDirectory(child)
        statistics.childCachesCreated += 1
        return kernel.costs.sysfsEntry + kernel.costs.slabObject * UInt64(child.metadataObjects.count)
    }

    /// memcg_update_all_caches: every root cache's array grows to `size`.
    /// How the root caches are found is the teardown design's.
    func growChildArrays(to size: Int) {
        childTeardown.forEachRootCache(in: self) { resizeChildArray(of: $0, to: size) }
    }

    /// Replaces a root's `memcg_cache_array` with one of `size` entries;
    /// the old array is freed after a grace period (kfree_rcu), since
    /// lockless readers may still be looking at it.
    func resizeChildArray(of cache: KmemCache, to size: Int) {
        guard size > cache.children.count else { return }
        cache.children.append(contentsOf: repeatElement(nil, count: size - cache.children.count))
        let bytes = KmemBootCaches.memcgCacheArrayHeaderBytes + size * 8
        // An unaccounted kmalloc of the array; if the page allocator refuses
        // (an injected fault), the model keeps the entries without their
        // modelled memory rather than failing the mkdir that grew them.
        let array = allocator.kmalloc(size: bytes, node: 0)
        if let old = cache.childArrayObject {
            kernel.callRCU { [unowned self] in self.allocator.free(old) }
        }
        cache.childArrayObject = array
    }
}
