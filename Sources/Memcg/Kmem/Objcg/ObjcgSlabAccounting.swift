import KernelSim

/// The objcg design of `Design.slabAccounting` (5.9 and later), a subclass
/// of the shared cache table: accounted objects share the root caches;
/// each points to
/// an obj_cgroup and is charged its size plus the pointer, in bytes,
/// through a per-CPU object stock (ObjcgSlabAccounting+ObjStock.swift).
/// Byte-charged kernel memory goes the same way. At offline the memcg's
/// objcgs are retargeted to the parent, so slab objects do not keep a
/// dying memcg alive.
///
/// Here: objcg creation for an online memcg, the accounted allocation and
/// free of objects in shared caches, reparenting at offline, and release
/// with the last reference (obj_cgroup_release).
final class ObjcgSlabAccounting: KmemAccounting {
    /// Objcgs by tag (index 0 unused).
    @exclusivity(unchecked) var objcgs: ContiguousArray<ObjCgroup?> = [nil]
    @exclusivity(unchecked) var freeObjcgTags: [UInt32] = []
    /// The kmalloc'ed `struct obj_cgroup` of each live objcg, by tag.
    @exclusivity(unchecked) var objcgStructs: [UInt32: SlabObject] = [:]
    @exclusivity(unchecked) var objStocks: PerCPU<ObjStock>

    override init(controller: MemoryController) {
        objStocks = PerCPU(cpus: controller.kernel.cpus, initial: ObjStock())
        super.init(controller: controller)
    }

    // The design's part of `KmemAccounting`.

    @inline(__always)
    override func allocateAccounted(_ cache: SlabCacheID, slot: Int, memcg: MemCgroup, node: Int) throws(MemcgError) -> SlabObject {
        try allocate(cache, facts: slotFacts[slot], memcg: memcg, node: node)
    }

    @inline(__always)
    override func objectFreed(slot: Int, tag: UInt32, node: Int) {
        guard tag != 0 else { return }
        uncharge(objectOf: slot < slotFacts.count ? slotFacts[slot] : nil, tag: tag, node: node, cpu: kernel.currentCPU)
    }

    override func offline(_ memcg: MemCgroup, then done: @escaping () -> Void) {
        reparentObjcgs(of: memcg)
        done()
    }

    override var reparentsKernelChargesAtOffline: Bool { true }

    override func chargeKernelBytesThroughObjcg(_ memcg: MemCgroup, _ bytes: Int) throws(MemcgError) -> MemCgroup? {
        try chargeKernelBytes(memcg, bytes)
    }

    override func unchargeKernelBytesThroughObjcg(_ memcg: MemCgroup, _ bytes: Int) -> MemCgroup? {
        unchargeKernelBytes(memcg, bytes)
    }

    override func chargesKernelBytesThroughObjcg(_ memcg: MemCgroup) -> Bool {
        !memcg.isRoot && memcg.kmemState?.ownObjcg != nil
    }

    override func objcg(tagged tag: UInt32) -> ObjCgroup? {
        Int(tag) < objcgs.count ? objcgs[Int(tag)] : nil
    }

    override func drainObjStocks() {
        for cpu in 0..<objStocks.count { drainObjStock(cpu) }
    }

    override func stockedBytes(_ objcg: ObjCgroup) -> Int {
        objStocks.slots.reduce(0) { $0 + ($1.cached === objcg ? $1.bytes : 0) }
    }

    override func objcgPagesByMemcg() -> [UInt64: Int] {
        var result: [UInt64: Int] = [:]
        for case let objcg? in objcgs { result[objcg.memcg.serial, default: 0] += objcg.chargedPages }
        return result
    }

    override func checkDesignInvariants(_ broken: inout [ModelViolation]) { checkObjcgs(&broken) }

    override func checkDesignQuiescent(_ broken: inout [ModelViolation]) {
        if liveObjcgCount != 0 {
            broken.append(ModelViolation("liveness", "\(liveObjcgCount) objcgs not released after teardown"))
        }
        if objStocks.slots.contains(where: { $0.cached != nil }) {
            broken.append(ModelViolation("liveness", "a CPU object stock still caches an objcg"))
        }
    }
}

extension ObjcgSlabAccounting {
    /// Bytes of the per-object objcg pointer added to each charge
    /// (`obj_full_size()` = `s->size + sizeof(struct obj_cgroup *)`).
    static let objcgPointerBytes = 8


    /// get_obj_cgroup_from_current: the live objcg of the memcg or, if the
    /// memcg is no longer online, of its nearest online ancestor; nil for
    /// the root (unaccounted).
    @inline(__always)
    func currentObjcg(_ memcg: MemCgroup) throws(MemcgError) -> ObjCgroup? {
        if let objcg = memcg.kmemState?.objcg { return objcg }
        try checkNotFreed(memcg)
        var node = memcg
        while !node.state.isOnline {
            guard let parent = node.parent else { return nil }
            node = parent
        }
        guard !node.isRoot else { return nil }
        if let objcg = node.kmemState?.objcg { return objcg }
        return makeObjcg(for: node)
    }

    /// An online memcg's objcg (made at css_online in the kernel; here at
    /// the memcg's first kernel-memory charge). It takes a reference on
    /// the memcg and starts with its live reference.
    func makeObjcg(for memcg: MemCgroup) -> ObjCgroup {
        let tag: UInt32
        if let reused = freeObjcgTags.popLast() {
            tag = reused
        } else {
            tag = UInt32(objcgs.count)
            objcgs.append(nil)
        }
        let objcg = ObjCgroup(tag: tag, memcg: memcg)
        objcgs[Int(tag)] = objcg
        if let object = allocator.kmalloc(size: KmemBootCaches.objcgBytes, node: 0) { objcgStructs[tag] = object }
        let state = kmemState(memcg)
        state.objcg = objcg
        state.ownObjcg = objcg
        objcg.listIndex = state.objcgList.count
        state.objcgList.append(objcg)
        holdReference(memcg)
        statistics.objcgsCreated += 1
        return objcg
    }

    /// slab_pre_alloc_hook + slab_post_alloc_hook under objcg: charge the
    /// full size, allocate tagged with the objcg, count the slab statistic.
    @inline(__always)
    func allocate(_ cache: SlabCacheID, facts: CacheSlotFacts, memcg: MemCgroup, node: Int) throws(MemcgError) -> SlabObject {
        guard let objcg = try currentObjcg(memcg) else { return try allocateUnaccounted(cache, node: node) }
        let bytes = facts.objcgBytes
        let cpu = kernel.currentCPU
        try chargeObjcg(objcg, bytes: bytes, cpu: cpu)
        guard let object = allocator.allocate(cache, node: node, objectTag: objcg.tag) else {
            refillObjStock(objcg, bytes: bytes, allowUncharge: true, cpu: cpu)
            throw MemcgError(.ENOMEM, "the page allocator refused a new slab (injected)")
        }
        objcg.references &+= 1
        objcg.objects &+= 1
        objcg.objectBytes &+= bytes
        modSlabState(objcg, node: node, reclaimable: facts.reclaimable, bytes: bytes, cpu: cpu)
        return object
    }

    /// memcg_slab_free_hook: the object's bytes go back through the stock
    /// to whatever memcg its objcg charges now.
    @inline(__always)
    func uncharge(objectOf facts: CacheSlotFacts?, tag: UInt32, node: Int, cpu: Int) {
        guard Int(tag) < objcgs.count, let objcg = objcgs[Int(tag)], let facts else {
            controller.report(ModelViolation("use-after-free", "freed object tagged with released objcg \(tag)"))
            return
        }
        let bytes = facts.objcgBytes
        objcg.objects &-= 1
        objcg.objectBytes &-= bytes
        refillObjStock(objcg, bytes: bytes, allowUncharge: true, cpu: cpu)
        modSlabState(objcg, node: node, reclaimable: facts.reclaimable, bytes: -bytes, cpu: cpu)
        putObjcg(objcg)
    }

    /// memcg_reparent_objcgs: at offline the memcg's objcgs charge the
    /// parent from now on. Their memcg references move to the parent and
    /// the live reference of the memcg's own objcg is killed. No page
    /// counter changes: the pages they charged stay on the dying memcg's
    /// counter (`MemcgKmemState.strandedPages`), while their later uncharges
    /// walk from the parent up. CPU stocks caching them are drained first,
    /// as drain_all_stock does at offline.
    func reparentObjcgs(of memcg: MemCgroup) {
        drainObjStocks(under: memcg)
        guard let state = memcg.kmemState, let parent = memcg.parent else { return }
        let live = state.objcg
        state.objcg = nil
        let moving = state.objcgList
        state.objcgList = []
        let parentState = kmemState(parent)
        for objcg in moving {
            objcg.memcg = parent
            state.strandedPages += objcg.chargedPages
            holdReference(parent)
            dropReference(memcg)
            objcg.listIndex = parentState.objcgList.count
            parentState.objcgList.append(objcg)
        }
        statistics.objcgsReparented += moving.count
        // The bookkeeping of kernel bytes and flushed slab statistics
        // follows the objcgs that charge them.
        for index in 0..<2 {
            parentState.slabStatBytes[index] += state.slabStatBytes[index]
            state.slabStatBytes[index] = 0
        }
        for kind in KernelMemoryKind.allCases {
            parent.objcgKernelBytes[kind.rawValue] += memcg.objcgKernelBytes[kind.rawValue]
            memcg.objcgKernelBytes[kind.rawValue] = 0
        }
        if let live { putObjcg(live) }
    }

    @inline(__always)
    func putObjcg(_ objcg: ObjCgroup) {
        objcg.references &-= 1
        if objcg.references == 0 { releaseObjcg(objcg) }
    }

    /// obj_cgroup_release: the bytes left pre-charged must be whole pages
    /// (everything was charged a page at a time and every byte came back);
    /// they are uncharged, the objcg leaves its memcg's list and drops its
    /// memcg reference. A remainder is a bug, reported as a violation; the
    /// model uncharges its page anyway so that the counters stay usable.
    func releaseObjcg(_ objcg: ObjCgroup) {
        let leftover = objcg.nrChargedBytes
        if leftover % PageSize.bytes != 0 || objcg.objects != 0 || objcg.kernelBytes != 0 {
            controller.report(ModelViolation("objcg-leftover",
                "objcg \(objcg.tag) of \(objcg.origin.path) released with \(leftover) bytes pre-charged (not whole pages), \(objcg.objects) objects, \(objcg.kernelBytes) kernel bytes"))
        }
        objcg.nrChargedBytes = 0
        if objcg.chargedPages > 0 { unchargeObjcgPages(objcg, objcg.chargedPages) }
        let memcg = objcg.memcg
        if let state = memcg.kmemState, objcg.listIndex >= 0, objcg.listIndex < state.objcgList.count,
           state.objcgList[objcg.listIndex] === objcg {
            let last = state.objcgList.removeLast()
            if last !== objcg {
                state.objcgList[objcg.listIndex] = last
                last.listIndex = objcg.listIndex
            }
        }
        objcg.listIndex = -1
        objcg.released = true
        objcgs[Int(objcg.tag)] = nil
        freeObjcgTags.append(objcg.tag)
        if let object = objcgStructs.removeValue(forKey: objcg.tag) { allocator.free(object) }
        statistics.objcgsReleased += 1
        dropReference(memcg)
    }
}
