import KernelSim

// The machine's memory running short: the page allocator's watermarks,
// kswapd (`wakeup_kswapd`, `balance_pgdat`) and direct reclaim
// (`__alloc_pages_direct_reclaim`, `try_to_free_pages`), and at the end
// the global OOM killer (`out_of_memory`).

extension PageLRU {
    /// Takes a free frame on `preferred` or, when it is at its min
    /// watermark, the next node that is not (the zonelist fallback). Below
    /// the low watermark kswapd is woken. When every node is at min, the
    /// allocating task reclaims directly, retrying while that makes
    /// progress (MAX_RECLAIM_RETRIES rounds without), then the global OOM
    /// killer runs; ENOMEM only when it has no victim or chose the caller.
    func allocateFrame(preferring preferred: Int) throws(MemcgError) -> Int {
        var retries = MemoryController.chargeRetries
        while true {
            for offset in 0..<host.freeFrames.count {
                let node = (preferred + offset) % host.freeFrames.count
                guard host.freeFrames[node] > host.minWatermark[node] else { continue }
                host.freeFrames[node] -= 1
                if host.freeFrames[node] < host.lowWatermark[node] { wakeKswapd(node) }
                return node
            }
            for node in 0..<host.freeFrames.count { wakeKswapd(node) }
            var sc = ScanControl(nrToReclaim: Self.swapClusterMax, target: nil, swappiness: swappiness)
            statistics.directReclaims += 1
            doTryToFreePages(&sc, nodes: nodesFromCurrent())
            if sc.nrReclaimed > 0 { continue }
            if retries > 0 {
                retries -= 1
                continue
            }
            statistics.globalOOMs += 1
            switch controller.outOfMemory(domain: nil) {
            case .killedOther:
                retries = MemoryController.chargeRetries
            case .killedCurrent:
                throw MemcgError(.ENOMEM, "killed by the OOM killer: the machine is out of memory")
            case .noVictim:
                throw MemcgError(.ENOMEM, "out of memory: no page frame free and no task the OOM killer may kill")
            }
        }
    }

    /// `wakeup_kswapd`: kswapd of the node runs `balance_pgdat` as kernel
    /// work on a CPU of the node, one priority level per step, until the
    /// node's free memory is back above the high watermark.
    func wakeKswapd(_ node: Int) {
        guard !kswapdAwake[node] else { return }
        kswapdAwake[node] = true
        statistics.kswapdRuns += 1
        let cpu = (0..<kernel.cpus).first { kernel.topology.node(ofCPU: $0) == node } ?? 0
        kernel.schedule(on: cpu, "kswapd") { [unowned self] in self.kswapdStep(node: node, priority: Self.defaultPriority) }
    }

    /// One pass of `balance_pgdat` at one priority, then the next step
    /// after the time the pass's scanning took. kswapd goes back to sleep
    /// at the high watermark, or after priority 1 (it does not go to 0).
    func kswapdStep(node: Int, priority: Int) {
        let wanted = host.highWatermark[node] - host.freeFrames[node]
        guard wanted > 0, priority >= 1 else {
            kswapdAwake[node] = false
            return
        }
        var sc = ScanControl(nrToReclaim: Swift.max(wanted, Self.swapClusterMax), target: nil, swappiness: swappiness)
        sc.isKswapd = true
        sc.priority = priority
        shrinkNode(node, sc: &sc)
        if sc.nrReclaimed == 0, sc.memcgLowSkipped {
            sc.memcgLowReclaim = true
            shrinkNode(node, sc: &sc)
        }
        let took = kernel.costs.listNodeVisit * UInt64(Swift.max(sc.nrScanned, 1))
        let next = sc.nrReclaimed > 0 ? priority : priority - 1
        kernel.schedule(after: took, "kswapd") { [unowned self] in self.kswapdStep(node: node, priority: next) }
    }
}
