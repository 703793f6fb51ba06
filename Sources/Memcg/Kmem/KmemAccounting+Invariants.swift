// The kmem layer's invariants, checked by MemoryController.checkInvariants
// and checkQuiescent. Linear in caches, slabs with objcg vectors and
// cgroups; for tests and the randomized checker, never on a hot path.

extension KmemAccounting {
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
        checkDesignInvariants(&broken)
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
        checkDesignQuiescent(&broken)
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
            case .deactivating, .dying, .drained, .destroying:
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

    private func checkReferences(_ broken: inout [ModelViolation]) {
        let creations = pendingCreationsByMemcg()
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
