// Byte-charged kernel memory (kernel stacks, percpu areas, memcg
// structures) under objcg: `MemoryController.chargeKernelBytes` routes it
// here, so it goes through the memcg's objcg and the per-CPU object stock
// like slab objects do, and follows the objcg to the parent at offline.

extension KmemAccounting {
    /// Charges `bytes` through the memcg's objcg. Returns false when the
    /// objcg path does not apply (objcg accounting off, the root, or a memcg
    /// that went offline without ever having an objcg): the caller then
    /// charges the memcg directly.
    func chargeKernelBytesThroughObjcg(_ memcg: MemCgroup, _ bytes: Int) throws(MemcgError) -> Bool {
        guard accounting == .objcg, !memcg.isRoot else { return false }
        let objcg: ObjCgroup
        if let own = memcg.kmemState?.ownObjcg {
            objcg = own
        } else if memcg.state == .online {
            objcg = makeObjcg(for: memcg)
        } else {
            return false
        }
        try chargeObjcg(objcg, bytes: bytes, cpu: kernel.currentCPU)
        if objcg.kernelBytes == 0 { objcg.references += 1 }
        objcg.kernelBytes += bytes
        return true
    }

    /// Gives back bytes charged with `chargeKernelBytesThroughObjcg`.
    /// Returns false when they were charged to the memcg directly.
    func unchargeKernelBytesThroughObjcg(_ memcg: MemCgroup, _ bytes: Int) -> Bool {
        guard accounting == .objcg, !memcg.isRoot, let objcg = memcg.kmemState?.ownObjcg else { return false }
        objcg.kernelBytes -= bytes
        if objcg.kernelBytes < 0 {
            controller.report(ModelViolation("counter-underflow", "objcg \(objcg.tag) of \(memcg.path): kernel bytes went negative"))
        }
        refillObjStock(objcg, bytes: bytes, allowUncharge: true, cpu: kernel.currentCPU)
        if objcg.kernelBytes == 0 { putObjcg(objcg) }
        return true
    }

    /// Whether `memcg`'s byte charges go through its objcg (so its
    /// `kernelBytes` are not backed by `kmemSpareBytes` and page references).
    public func chargesKernelBytesThroughObjcg(_ memcg: MemCgroup) -> Bool {
        accounting == .objcg && !memcg.isRoot && memcg.kmemState?.ownObjcg != nil
    }
}
