// The per-CPU object stock: byte charges against pre-charged pages
// (consume_obj_stock, obj_cgroup_charge, refill_obj_stock,
// drain_obj_stock) and cached slab statistics (mod_objcg_state).

extension ObjcgSlabAccounting {
    /// obj_cgroup_charge: from the stock if it caches this objcg with
    /// enough bytes; otherwise whole pages are charged and the unused part
    /// of the last one goes to the stock.
    @inline(__always)
    func chargeObjcg(_ objcg: ObjCgroup, bytes: Int, cpu: Int) throws(MemcgError) {
        if objStocks[cpu].cached === objcg, objStocks[cpu].bytes >= bytes {
            objStocks[cpu].bytes &-= bytes
            return
        }
        var pages = bytes / PageSize.bytes
        let remainder = bytes % PageSize.bytes
        if remainder != 0 { pages += 1 }
        try chargeObjcgPages(objcg, pages)
        if remainder != 0 { refillObjStock(objcg, bytes: PageSize.bytes - remainder, allowUncharge: false, cpu: cpu) }
    }

    /// refill_obj_stock: gives `bytes` back to this CPU's stock, switching
    /// it to `objcg` if it caches another; past a page, whole pages go back
    /// to the counters when `allowUncharge`.
    @inline(__always)
    func refillObjStock(_ objcg: ObjCgroup, bytes: Int, allowUncharge: Bool, cpu: Int) {
        if objStocks[cpu].cached !== objcg { switchObjStock(cpu, to: objcg) }
        objStocks[cpu].bytes &+= bytes
        if allowUncharge, objStocks[cpu].bytes > PageSize.bytes {
            let pages = objStocks[cpu].bytes / PageSize.bytes
            objStocks[cpu].bytes %= PageSize.bytes
            statistics.objStockPageUncharges += 1
            unchargeObjcgPages(objcg, pages)
        }
    }

    /// mod_objcg_state: a slab statistic change of `bytes` for the objcg's
    /// memcg on `node`. The stock keeps it while the objcg and node stay
    /// the same and the pending delta stays within a page.
    @inline(__always)
    func modSlabState(_ objcg: ObjCgroup, node: Int, reclaimable: Bool, bytes: Int, cpu: Int) {
        if objStocks[cpu].cached !== objcg {
            switchObjStock(cpu, to: objcg)
            objStocks[cpu].node = node
        } else if objStocks[cpu].node != node {
            flushObjStockStats(cpu)
            objStocks[cpu].node = node
        }
        var pending = reclaimable ? objStocks[cpu].slabBytes.reclaimable : objStocks[cpu].slabBytes.unreclaimable
        var flush = 0
        if pending == 0 {
            pending = bytes
        } else {
            pending &+= bytes
            if abs(pending) > PageSize.bytes {
                flush = pending
                pending = 0
            }
        }
        if reclaimable { objStocks[cpu].slabBytes.reclaimable = pending } else { objStocks[cpu].slabBytes.unreclaimable = pending }
        if flush != 0 { slabStatChanged(objcg.memcg, node: node, reclaimable: reclaimable, bytes: flush) }
    }

    /// The stock drops what it caches and takes `objcg` with whatever bytes
    /// the objcg had pre-charged outside any stock.
    func switchObjStock(_ cpu: Int, to objcg: ObjCgroup) {
        drainObjStock(cpu)
        objcg.references += 1
        objStocks[cpu].cached = objcg
        objStocks[cpu].bytes = objcg.nrChargedBytes
        objcg.nrChargedBytes = 0
    }

    /// drain_obj_stock: whole pages go back to the counters, the rest to the
    /// objcg's `nr_charged_bytes`; pending statistics are applied; the
    /// stock's objcg reference is dropped.
    func drainObjStock(_ cpu: Int) {
        guard let old = objStocks[cpu].cached else { return }
        statistics.objStockDrains += 1
        let bytes = objStocks[cpu].bytes
        if bytes > 0 {
            let pages = bytes / PageSize.bytes
            if pages > 0 { unchargeObjcgPages(old, pages) }
            old.nrChargedBytes += bytes % PageSize.bytes
        }
        flushObjStockStats(cpu)
        objStocks[cpu] = ObjStock()
        putObjcg(old)
    }

    private func flushObjStockStats(_ cpu: Int) {
        guard let objcg = objStocks[cpu].cached else { return }
        let node = objStocks[cpu].node
        let pending = objStocks[cpu].slabBytes
        objStocks[cpu].slabBytes = (0, 0)
        if pending.reclaimable != 0 { slabStatChanged(objcg.memcg, node: node, reclaimable: true, bytes: pending.reclaimable) }
        if pending.unreclaimable != 0 { slabStatChanged(objcg.memcg, node: node, reclaimable: false, bytes: pending.unreclaimable) }
    }

    /// Drains every CPU's object stock whose objcg charges `memcg` or a
    /// descendant of it (the obj part of drain_all_stock).
    func drainObjStocks(under memcg: MemCgroup) {
        for cpu in 0..<objStocks.count {
            guard let cached = objStocks[cpu].cached, cached.memcg.isDescendant(of: memcg) else { continue }
            drainObjStock(cpu)
        }
    }

    /// obj_cgroup_charge_pages: whole pages charged to the objcg's memcg
    /// now. Pages charged through an objcg do not pin the memcg (the
    /// objcg's own reference does), so the per-page references that
    /// `charge` takes are given back at once.
    func chargeObjcgPages(_ objcg: ObjCgroup, _ pages: Int) throws(MemcgError) {
        let memcg = objcg.memcg
        let controller = controller  // one checked load of the unowned reference, not three
        try controller.charge(memcg, pages: pages)
        controller.put(memcg, pages)
        controller.modStat(memcg, .kernel, pages)
        objcg.chargedPages += pages
    }

    func unchargeObjcgPages(_ objcg: ObjCgroup, _ pages: Int) {
        let memcg = objcg.memcg
        let controller = controller
        controller.get(memcg, pages)
        controller.modStat(memcg, .kernel, -pages)
        controller.uncharge(memcg, pages: pages)
        objcg.chargedPages -= pages
    }
}
