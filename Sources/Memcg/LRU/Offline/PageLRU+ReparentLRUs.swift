import KernelSim

// The 2014 RFC's two halves: `mem_cgroup_reparent_lrus` at offline (one
// pass over the lists, no wait) and `mem_cgroup_reparent_charges` at
// css_free (the loop, for whatever was off the lists at offline).

extension PageLRU {
    /// Offline: moves the listed pages with their charges to the first
    /// ancestor that can still be referenced, once; the lists are out of
    /// reclaim's reach when the step returns.
    func reparentLRUsOnce(_ memcg: MemCgroup, then done: @escaping () -> Void) {
        setReach(memcg, .reparenting)
        let target = reparentTarget(of: memcg, skippingDying: true)
        let moved = reparentListedPages(of: memcg, to: target)
        offlineStatistics.loopIterations += 1
        offlineStatistics.maxLoopIterations = max(offlineStatistics.maxLoopIterations, 1)
        let drain = kernel.costs.workItem * UInt64(kernel.cpus)
        let perPage = kernel.costs.listNodeVisit + kernel.costs.pageCharge
        kernel.schedule(after: drain + perPage * UInt64(moved), "mem_cgroup_reparent_lrus") { [unowned self] in
            setReach(memcg, .dyingUnreachable)
            done()
        }
    }

    /// Queues the RFC's css_free work for a dying memcg once nothing but
    /// its page charges holds it (in the RFC's kernel those did not pin the
    /// css, so its refcount would have reached 0 here): a grace period
    /// later, on the cgroup destroy workqueue and under cgroup_mutex, the
    /// charge loop moves the pages left on its lists (the AWOL ones) and
    /// waits for the isolated ones.
    func scheduleCSSFreeReparent(_ memcg: MemCgroup) {
        guard memcg.state.isKilledOrDying, let state = memcg.lruState, state.reach == .dyingUnreachable,
              !cssFreeQueued.contains(memcg.serial) else { return }
        let pagePins = state.filePages + state.anonPages
        guard pagePins > 0, memcg.references == pagePins, memcg.anonPages == state.anonPages,
              state.sockPages == 0, state.swapLocal == 0 else { return }
        cssFreeQueued.insert(memcg.serial)
        let controller = controller
        kernel.callRCU { [unowned self, unowned controller] in
            controller.destroyWorkqueue.queueAsync("mem_cgroup_css_free") { workDone in
                controller.cgroupMutex.lock(owner: "css_free \(memcg.path)") {
                    ReparentingLoop(memcg, pages: self, skippingDying: true) { _ in
                        self.cssFreeQueued.remove(memcg.serial)
                        controller.cgroupMutex.unlock()
                        workDone()
                    }.run()
                }
            }
        }
    }
}
