extension MemoryController {
    /// Kernel memory charged in bytes (slab objects, percpu areas): whole
    /// pages are taken from the page counters and the unused part of the
    /// last page is kept per cgroup for the next byte charge, as an
    /// obj_cgroup keeps `nr_charged_bytes`.
    package func chargeKernelBytes(_ memcg: MemCgroup, _ bytes: Int, as kind: KernelMemoryKind) throws(MemcgError) {
        precondition(bytes >= 0)
        // Under objcg accounting the bytes go through the memcg's objcg.
        if let owner = try kmem.chargeKernelBytesThroughObjcg(memcg, bytes) {
            owner.objcgKernelBytes[kind.rawValue] += bytes
            modStat(owner, kind.statItem, kind.statDelta(bytes))
            return
        }
        if bytes > memcg.kmemSpareBytes {
            let needed = bytes - memcg.kmemSpareBytes
            let pages = (needed + PageSize.bytes - 1) / PageSize.bytes
            try charge(memcg, pages: pages)
            modStat(memcg, .kernel, pages)
            memcg.kmemSpareBytes += pages * PageSize.bytes
        }
        memcg.kmemSpareBytes -= bytes
        memcg.kernelBytes[kind.rawValue] += bytes
        modStat(memcg, kind.statItem, kind.statDelta(bytes))
    }

    /// Gives back `bytes` charged with `chargeKernelBytes`; whole free pages
    /// are uncharged.
    package func uncharge(kernelBytes bytes: Int, from memcg: MemCgroup, as kind: KernelMemoryKind) {
        if let owner = kmem.unchargeKernelBytesThroughObjcg(memcg, bytes) {
            owner.objcgKernelBytes[kind.rawValue] -= bytes
            if owner.objcgKernelBytes[kind.rawValue] < 0 {
                report(ModelViolation("counter-underflow", "\(owner.path) \(kind) bytes charged through objcgs went negative"))
            }
            modStat(owner, kind.statItem, -kind.statDelta(bytes))
            return
        }
        memcg.kernelBytes[kind.rawValue] -= bytes
        if memcg.kernelBytes[kind.rawValue] < 0 {
            report(ModelViolation("counter-underflow", "\(memcg.path) \(kind) bytes went negative"))
        }
        modStat(memcg, kind.statItem, -kind.statDelta(bytes))
        memcg.kmemSpareBytes += bytes
        let pages = memcg.kmemSpareBytes / PageSize.bytes
        if pages > 0 {
            memcg.kmemSpareBytes -= pages * PageSize.bytes
            modStat(memcg, .kernel, -pages)
            uncharge(memcg, pages: pages)
        }
    }
}
