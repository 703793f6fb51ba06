import KernelSim

extension MemoryController {
    /// How many times a failing charge reclaims and retries before it gives
    /// up (MAX_RECLAIM_RETRIES).
    static let chargeRetries = 16

    /// Charges `pages` to a cgroup, through the current CPU's stock, and
    /// takes a reference per page: a charged page pins its cgroup.
    ///
    /// Over `memory.max` it counts a `max` event, reclaims, drains the
    /// stocks and retries as `try_charge_memcg` does, then runs the memcg
    /// OOM killer (`retryCharge`); ENOMEM only when the charging task was
    /// killed or no task could be.
    func charge(_ memcg: MemCgroup, pages: Int) throws(MemcgError) {
        _ = try charge(memcg, pages: pages, cpu: kernel.currentCPU)
    }

    /// `charge` with the current CPU already read (`cpu`), as the page
    /// fault reads it once. Returns whether the charge went past the
    /// stock to the page counters, where it may have reclaimed or run the
    /// OOM killer (other work, perhaps on another CPU): then the caller
    /// reads the current CPU again.
    @inline(__always)
    func charge(_ memcg: MemCgroup, pages: Int, cpu: Int) throws(MemcgError) -> Bool {
        precondition(pages > 0)
        guard !memcg.state.isFreed else {
            report(ModelViolation("use-after-free", "charge to freed cgroup #\(memcg.serial)"))
            throw MemcgError(.EINVAL, "cgroup is freed")
        }
        if kernel.shouldFail(FaultPoints.chargeName) {
            throw MemcgError(.ENOMEM, "charge of \(pages) page(s) to \(memcg.path) failed (injected)")
        }
        let stocked = consumeStock(memcg, pages, cpu: cpu)
        if !stocked {
            try chargeCounters(memcg, pages: pages, batch: design.chargeBatch.pages)
        }
        get(memcg, pages)
        checkHigh(memcg, pages)
        return !stocked
    }

    /// Uncharges `pages` straight from the counters (not through the stock,
    /// as the kernel's page uncharge does) and drops their references.
    public func uncharge(_ memcg: MemCgroup, pages: Int) {
        precondition(pages > 0)
        unchargeCounters(memcg, pages)
        put(memcg, pages)
    }

    /// Pages currently cached in charge stocks for this cgroup.
    func stockedPages(_ memcg: MemCgroup) -> Int {
        stocks.slots.reduce(0) { $0 + ($1.cached === memcg ? $1.pages : 0) }
    }

    /// drain_all_stock: empties every CPU's stock that caches `memcg` or a
    /// descendant of it; its pages go back and its reference is dropped.
    func drainStocks(caching memcg: MemCgroup) {
        for cpu in 0..<stocks.count {
            guard let cached = stocks[cpu].cached, cached.isDescendant(of: memcg) else { continue }
            drainStock(cpu: cpu)
        }
    }

    /// Empties every CPU's stock, the object stocks included.
    public func drainAllStocks() {
        kmem.drainObjStocks()
        for cpu in 0..<stocks.count { drainStock(cpu: cpu) }
    }

    // MARK: The mechanics

    @inline(__always)
    private func consumeStock(_ memcg: MemCgroup, _ pages: Int, cpu: Int) -> Bool {
        guard stocks[cpu].cached === memcg, stocks[cpu].pages >= pages else { return false }
        stocks[cpu].pages -= pages
        return true
    }

    /// Charges a batch (or exactly `pages` if the batch does not fit) and
    /// keeps the surplus in this CPU's stock.
    private func chargeCounters(_ memcg: MemCgroup, pages: Int, batch: Int) throws(MemcgError) {
        let wanted = max(pages, batch)
        var attempt = wanted
        var retry = ChargeRetry()
        while true {
            guard let failing = tryChargeCounters(memcg, attempt) else { break }
            if attempt > pages {
                attempt = pages  // the batch did not fit: try only what is needed
                continue
            }
            memoryEvent(failing, .max)
            failing.memory.failCount += 1
            try retryCharge(over: failing, pages: pages, &retry)  // Reclaim/MemoryController+OOM.swift
        }
        if attempt > pages { refillStock(memcg, attempt - pages) }
    }

    /// page_counter_try_charge over the chain: charges every level or none;
    /// returns the cgroup whose limit refused, if any.
    func tryChargeCounters(_ memcg: MemCgroup, _ pages: Int) -> MemCgroup? {
        var node: MemCgroup? = memcg
        while let n = node {
            if n.memory.usage + pages > n.memory.max {
                var undo: MemCgroup? = memcg
                while let u = undo, u !== n {
                    u.memory.usage -= pages
                    undo = u.parent
                }
                return n
            }
            if n.memory.usage <= 0, n.memory.usage + pages > 0 { usageRaisedFromZero &+= 1 }
            n.memory.add(pages)
            node = n.parent
        }
        return nil
    }

    func unchargeCounters(_ memcg: MemCgroup, _ pages: Int) {
        var node: MemCgroup? = memcg
        while let n = node {
            n.memory.usage -= pages
            if n.memory.usage < 0 {
                report(ModelViolation("counter-underflow", "\(n.path) memory.current went negative"))
                n.memory.usage = 0
            }
            node = n.parent
        }
    }

    private func refillStock(_ memcg: MemCgroup, _ pages: Int) {
        let cpu = kernel.currentCPU
        if stocks[cpu].cached !== memcg {
            drainStock(cpu: cpu)
            get(memcg)
            stocks[cpu].cached = memcg
        }
        stocks[cpu].pages += pages
        // The kernel drains a stock that grew past a batch.
        if stocks[cpu].pages > design.chargeBatch.pages { drainStock(cpu: cpu) }
    }

    private func drainStock(cpu: Int) {
        guard let cached = stocks[cpu].cached else { return }
        if stocks[cpu].pages > 0 { unchargeCounters(cached, stocks[cpu].pages) }
        stocks[cpu] = ChargeStock()
        put(cached)
    }

    /// Notes pages charged while the cgroup or an ancestor is over its
    /// `memory.high` (`current->memcg_nr_pages_over_high`): the task
    /// reclaims and is throttled on its way back to user space
    /// (`handleOverHigh`), where the `high` event is counted.
    private func checkHigh(_ memcg: MemCgroup, _ pages: Int) {
        // Every charge walks the chain: no reference counting on the way
        // (a charged cgroup pins its ancestors). The root has no limit.
        var level = Unmanaged.passUnretained(memcg)
        while true {
            let (over, parent) = level._withUnsafeGuaranteedRef { n -> (Bool, Unmanaged<MemCgroup>?) in
                guard let parent = n.parent else { return (false, nil) }
                return (n.memory.usage > n.memory.high, Unmanaged.passUnretained(parent))
            }
            guard let parent else { return }
            if over {
                pagesOverHigh += pages
                return
            }
            level = parent
        }
    }

    /// memcg_memory_event: counted locally on `memcg` and hierarchically on
    /// it and every ancestor below the root.
    func memoryEvent(_ memcg: MemCgroup, _ event: MemoryEvent) {
        memcg.eventsLocal[event.rawValue] += 1
        var node: MemCgroup? = memcg
        while let n = node, !n.isRoot {
            n.events[event.rawValue] += 1
            node = n.parent
        }
    }
}

extension MemCgroup {
    /// Whether this cgroup is `ancestor` or below it.
    public func isDescendant(of ancestor: MemCgroup) -> Bool {
        var node: MemCgroup? = self
        while let n = node {
            if n === ancestor { return true }
            node = n.parent
        }
        return false
    }
}
