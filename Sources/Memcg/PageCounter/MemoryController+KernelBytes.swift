extension MemoryController {
    /// Kernel memory charged in bytes (slab objects, percpu areas): whole
    /// pages are taken from the page counters and the unused part of the
    /// last page is kept per cgroup for the next byte charge, as an
    /// obj_cgroup keeps `nr_charged_bytes`.
    public func chargeKernelBytes(_ memcg: MemCgroup, _ bytes: Int, as kind: KernelMemoryKind) throws(MemcgError) {
        precondition(bytes >= 0)
        // Under objcg accounting the bytes go through the memcg's objcg.
        if try kmem.chargeKernelBytesThroughObjcg(memcg, bytes) {
            memcg.kernelBytes[kind.rawValue] += bytes
            return
        }
        if bytes > memcg.kmemSpareBytes {
            let needed = bytes - memcg.kmemSpareBytes
            let pages = (needed + PageSize.bytes - 1) / PageSize.bytes
            try charge(memcg, pages: pages)
            memcg.kmemSpareBytes += pages * PageSize.bytes
        }
        memcg.kmemSpareBytes -= bytes
        memcg.kernelBytes[kind.rawValue] += bytes
    }

    /// Gives back `bytes` charged with `chargeKernelBytes`; whole free pages
    /// are uncharged.
    public func uncharge(kernelBytes bytes: Int, from memcg: MemCgroup, as kind: KernelMemoryKind) {
        memcg.kernelBytes[kind.rawValue] -= bytes
        if memcg.kernelBytes[kind.rawValue] < 0 {
            report(ModelViolation("counter-underflow", "\(memcg.path) \(kind) bytes went negative"))
        }
        if kmem.unchargeKernelBytesThroughObjcg(memcg, bytes) { return }
        memcg.kmemSpareBytes += bytes
        let pages = memcg.kmemSpareBytes / PageSize.bytes
        if pages > 0 {
            memcg.kmemSpareBytes -= pages * PageSize.bytes
            uncharge(memcg, pages: pages)
        }
    }
}

/// What a kernel-memory byte charge is for, which decides the statistic it lands in.
public enum KernelMemoryKind: Int, CaseIterable, Sendable {
    case slab, percpu, kernelStack
}

/// The page size of the modelled machine.
public enum PageSize {
    public static let bytes = 4_096
}
