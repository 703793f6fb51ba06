// The objcg design's invariants, checked with the kmem layer's
// (`KmemAccounting.checkInvariants`). Linear in objcgs and slabs with objcg
// vectors; for tests and the randomized checker, never on a hot path.

extension ObjcgSlabAccounting {
    /// objcg: each objcg's references are its live reference, objects,
    /// stocks and kernel bytes; its charged pages are exactly its objects'
    /// bytes, kernel bytes, stocked and pre-charged bytes; every tagged
    /// object names a live objcg (no use after release).
    func checkObjcgs(_ broken: inout [ModelViolation]) {
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
}
