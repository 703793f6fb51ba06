// Byte-charged kernel memory (kernel stacks, percpu areas, memcg
// structures) under objcg: `MemoryController.chargeKernelBytes` routes it
// here through `KmemAccounting`, so it goes through the memcg's objcg and
// the per-CPU object stock like slab objects do, and follows the objcg to
// the parent at offline.

extension ObjcgSlabAccounting {
    /// Charges `bytes` through the memcg's objcg. Returns the memcg the
    /// objcg charges now (its bookkeeping owner), or nil when the objcg
    /// path does not apply (the root, or a memcg that went offline without
    /// ever having an objcg): the caller then charges `memcg` directly.
    func chargeKernelBytes(_ memcg: MemCgroup, _ bytes: Int) throws(MemcgError) -> MemCgroup? {
        guard !memcg.isRoot else { return nil }
        let objcg: ObjCgroup
        if let own = memcg.kmemState?.ownObjcg {
            objcg = own
        } else if memcg.state.isOnline {
            objcg = makeObjcg(for: memcg)
        } else {
            return nil
        }
        try chargeObjcg(objcg, bytes: bytes, cpu: kernel.currentCPU)
        if objcg.kernelBytes == 0 { objcg.references += 1 }
        objcg.kernelBytes += bytes
        return objcg.memcg
    }

    /// Gives back bytes charged with `chargeKernelBytes`.
    /// Returns the memcg the objcg charges now (whose bookkeeping the bytes
    /// leave), or nil when they were charged to the memcg directly.
    func unchargeKernelBytes(_ memcg: MemCgroup, _ bytes: Int) -> MemCgroup? {
        guard !memcg.isRoot, let objcg = memcg.kmemState?.ownObjcg else { return nil }
        let owner = objcg.memcg
        objcg.kernelBytes -= bytes
        if objcg.kernelBytes < 0 {
            controller.report(ModelViolation("counter-underflow", "objcg \(objcg.tag) of \(memcg.path): kernel bytes went negative"))
        }
        refillObjStock(objcg, bytes: bytes, allowUncharge: true, cpu: kernel.currentCPU)
        if objcg.kernelBytes == 0 { putObjcg(objcg) }
        return owner
    }
}
