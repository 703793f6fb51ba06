// The kmem layer's invariants, checked by MemoryController.checkInvariants
// and checkQuiescent. Linear in caches, slabs with objcg vectors and
// cgroups; for tests and the randomized checker, never on a hot path.

extension KmemAccounting {
    /// Pages charged through objcgs to each memcg's own level, by serial:
    /// the controller's charge-conservation check counts them as local.
    func objcgPagesByMemcg() -> [UInt64: Int] {
        var result: [UInt64: Int] = [:]
        for case let objcg? in objcgs { result[objcg.memcg.serial, default: 0] += objcg.chargedPages }
        return result
    }

    /// Every broken kmem invariant:
    ///
    /// - kmem-lists: every cache the allocator lists is on `slab_caches`
    ///   exactly once, and the lists agree with the table.
    /// - kmem-slabinfo: a /proc/slabinfo read with the stable cursor prints
    ///   every cache exactly once.
    /// - kmem-child-cache: a live child cache is in its root's array at its
    ///   memcg's cache ID and nowhere else; a dying one is in no array; the
    ///   pages charged for each cache are its slabs' pages (plus those
    ///   waiting for a grace period) and add up to its memcg's slab pages.
    /// - kmem-references: the css references the layer holds on each memcg
    ///   are its child caches, queued creations and deactivations, and the
    ///   objcgs charging it.
    /// - objcg: each objcg's references are its live reference, objects,
    ///   stocks and kernel bytes; its charged pages are exactly its
    ///   objects' bytes, kernel bytes, stocked and pre-charged bytes; every
    ///   tagged object names a live objcg (no use after release).
    package func checkInvariants() -> [ModelViolation] {
        var broken: [ModelViolation] = []
        checkLists(&broken)
        checkChildCaches(&broken)
        checkObjcgs(&broken)
        checkReferences(&broken)
        return broken
    }

    /// Liveness once everything is torn down and the stocks drained: no
    /// child cache, dying cache, queued creation or destruction, objcg or
    /// stocked objcg is left.
    package func checkQuiescent() -> [ModelViolation] {
        var broken: [ModelViolation] = []
        if childCacheCount != 0 || dyingCaches != 0 {
            broken.append(ModelViolation("liveness", "\(childCacheCount) child caches (\(dyingCaches) dying) left after teardown"))
        }
        if !pendingCreations.isEmpty || !rcuDestroyBatch.isEmpty {
            broken.append(ModelViolation("liveness", "\(pendingCreations.count) cache creations and \(rcuDestroyBatch.count) rcu destructions still queued"))
        }
        if liveObjcgCount != 0 {
            broken.append(ModelViolation("liveness", "\(liveObjcgCount) objcgs not released after teardown"))
        }
        if objStocks.slots.contains(where: { $0.cached != nil }) {
            broken.append(ModelViolation("liveness", "a CPU object stock still caches an objcg"))
        }
        return broken
    }

    private func checkLists(_ broken: inout [ModelViolation]) {
        var onList: [UInt64: Int] = [:]
        var count = 0
        var slot = globalList.head
        while slot >= 0, count <= caches.count {
            count += 1
            if let cache = caches[Int(slot)] {
                onList[cache.serial, default: 0] += 1
            } else {
                broken.append(ModelViolation("kmem-lists", "slab_caches links slot \(slot), which holds no cache"))
            }
            slot = globalLinks.successor(Int(slot))
        }
        if count != globalList.count {
            broken.append(ModelViolation("kmem-lists", "slab_caches has \(count) nodes, counts \(globalList.count)"))
        }
        let listed = allocator.caches
        for id in listed {
            let serial = allocator.serial(of: id)
            let times = onList[serial] ?? 0
            if times != 1 {
                broken.append(ModelViolation("kmem-lists", "\(allocator.name(of: id)) is on slab_caches \(times) times"))
            }
        }
        if listed.count != onList.count {
            broken.append(ModelViolation("kmem-lists", "allocator lists \(listed.count) caches, slab_caches \(onList.count)"))
        }
        let reader = openSlabinfo(resume: .stableCursor)
        reader.countsVisits = false
        reader.maxLines = 2 * caches.count + 2
        let text = reader.readAll()
        let lines = text.split(separator: "\n").count - (text.isEmpty ? 0 : SlabInfo.header.count)
        // A line per root cache, children folded into their roots' lines.
        let roots = listed.count { allocator.root(of: $0) == nil }
        if reader.duplicates != 0 || lines != roots || reader.printed.count != roots {
            broken.append(ModelViolation("kmem-slabinfo",
                "/proc/slabinfo printed \(lines) lines (\(reader.duplicates) repeated) for \(roots) root caches"))
        }
    }

    private func checkChildCaches(_ broken: inout [ModelViolation]) {
        var slabPagesByMemcg: [UInt64: (memcg: MemCgroup, pages: Int)] = [:]
        var dying = 0
        for case let cache? in caches where !cache.isRoot {
            guard let root = cache.root, let memcg = cache.memcg else { continue }
            let name = cache.name
            if memcg.state == .freed {
                broken.append(ModelViolation("use-after-free", "child cache \(name) belongs to freed cgroup #\(memcg.serial)"))
            }
            if caches[root.slot] !== root {
                broken.append(ModelViolation("kmem-child-cache", "\(name): its root cache is gone"))
            }
            let installed = root.children.contains { $0 === cache }
            switch cache.state {
            case .active:
                // Until its offline step runs, a removed memcg keeps its
                // cache ID and its caches stay installed.
                if memcg.cacheID.map({ $0 < root.children.count && root.children[$0] === cache }) != true {
                    broken.append(ModelViolation("kmem-child-cache", "\(name): active but not in its root's array at its memcg's cache ID"))
                }
            case .deactivating, .dying, .destroying:
                if installed { broken.append(ModelViolation("kmem-child-cache", "\(name): \(cache.state.rawValue) but still in its root's array")) }
                if cache.state != .deactivating { dying += 1 }
            case .destroyed:
                broken.append(ModelViolation("use-after-free", "\(name): destroyed but still in the cache table"))
            }
            let pages = allocator.slabCount(of: cache.id) * allocator.layout(of: cache.id).pagesPerSlab + cache.rcuPendingPages
            if pages != cache.chargedPages {
                broken.append(ModelViolation("kmem-child-cache", "\(name): \(cache.chargedPages) pages charged, slabs hold \(pages)"))
            }
            slabPagesByMemcg[memcg.serial, default: (memcg, 0)].pages += cache.chargedPages
        }
        if dying != dyingCaches {
            broken.append(ModelViolation("kmem-child-cache", "\(dying) caches dying, counted \(dyingCaches)"))
        }
        for memcg in controller.allCgroups {
            let charged = memcg.slabPages[0] + memcg.slabPages[1]
            let expected = slabPagesByMemcg[memcg.serial]?.pages ?? 0
            if charged != expected {
                broken.append(ModelViolation("kmem-child-cache", "\(memcg.path): \(charged) slab pages charged, its caches hold \(expected)"))
            }
        }
    }

    private func checkObjcgs(_ broken: inout [ModelViolation]) {
        var objects = [Int](repeating: 0, count: objcgs.count)
        var bytes = [Int](repeating: 0, count: objcgs.count)
        var badTags = 0
        allocator.forEachObjectTag { cache, tag in
            let t = Int(tag)
            guard t < objcgs.count, objcgs[t] != nil, let info = cacheInfo(cache) else {
                badTags += 1
                return
            }
            objects[t] += 1
            bytes[t] += info.slotSize + Self.objcgPointerBytes
        }
        if badTags > 0 {
            broken.append(ModelViolation("use-after-free", "\(badTags) slab objects point to a released objcg"))
        }
        var stockRefs = [Int](repeating: 0, count: objcgs.count)
        var stockBytes = [Int](repeating: 0, count: objcgs.count)
        for stock in objStocks.slots {
            guard let cached = stock.cached else { continue }
            if cached.released || Int(cached.tag) >= objcgs.count || objcgs[Int(cached.tag)] !== cached {
                broken.append(ModelViolation("use-after-free", "a CPU stock caches released objcg \(cached.tag)"))
                continue
            }
            stockRefs[Int(cached.tag)] += 1
            stockBytes[Int(cached.tag)] += stock.bytes
        }
        for case let objcg? in objcgs {
            let t = Int(objcg.tag)
            let label = "objcg \(objcg.tag) of \(objcg.origin.path)"
            if objcg.memcg.state == .freed {
                broken.append(ModelViolation("use-after-free", "\(label) charges freed cgroup #\(objcg.memcg.serial)"))
            }
            if objects[t] != objcg.objects || bytes[t] != objcg.objectBytes {
                broken.append(ModelViolation("objcg", "\(label): \(objects[t]) objects of \(bytes[t]) bytes point to it, it counts \(objcg.objects) of \(objcg.objectBytes)"))
            }
            let live = objcg.origin.kmemState?.objcg === objcg ? 1 : 0
            let holders = live + objcg.objects + stockRefs[t] + (objcg.kernelBytes > 0 ? 1 : 0)
            if holders != objcg.references {
                broken.append(ModelViolation("objcg", "\(label): \(objcg.references) references, \(holders) holders"))
            }
            let accounted = objcg.objectBytes + objcg.kernelBytes + stockBytes[t] + objcg.nrChargedBytes
            if objcg.chargedPages * PageSize.bytes != accounted {
                broken.append(ModelViolation("objcg", "\(label): \(objcg.chargedPages) pages charged for \(accounted) bytes (objects \(objcg.objectBytes), kernel \(objcg.kernelBytes), stocked \(stockBytes[t]), pre-charged \(objcg.nrChargedBytes))"))
            }
            let list = objcg.memcg.kmemState?.objcgList ?? []
            if !(objcg.listIndex >= 0 && objcg.listIndex < list.count && list[objcg.listIndex] === objcg) {
                broken.append(ModelViolation("objcg", "\(label) is not on the objcg list of \(objcg.memcg.path)"))
            }
        }
    }

    private func checkReferences(_ broken: inout [ModelViolation]) {
        var creations: [UInt64: Int] = [:]
        for pending in pendingCreations { creations[pending.memcgSerial, default: 0] += 1 }
        for memcg in controller.allCgroups {
            guard let state = memcg.kmemState else { continue }
            let expected = state.caches.count - state.drainedCaches + (creations[memcg.serial] ?? 0) + state.deactivationsInFlight + state.objcgList.count
            if state.heldReferences != expected {
                broken.append(ModelViolation("kmem-references",
                    "\(memcg.path): kmem holds \(state.heldReferences) references; caches \(state.caches.count) (\(state.drainedCaches) drained), creations \(creations[memcg.serial] ?? 0), deactivations \(state.deactivationsInFlight), objcgs \(state.objcgList.count)"))
            }
            if state.heldReferences > memcg.externalReferences {
                broken.append(ModelViolation("kmem-references", "\(memcg.path): kmem holds \(state.heldReferences) references, \(memcg.externalReferences) declared"))
            }
        }
    }
}
