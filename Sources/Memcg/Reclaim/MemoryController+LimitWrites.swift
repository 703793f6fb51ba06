public import KernelSim

// What writing a limit below usage does (`memory_max_write`,
// `memory_high_write`), the over-high penalty on the way back to user
// space (`mem_cgroup_handle_over_high`, `reclaim_high`,
// `calculate_high_delay`) and proactive reclaim (`memory_reclaim`).

extension MemoryController {
    /// `memory_max_write`'s loop after setting the limit.
    func shrinkToMax(_ memcg: MemCgroup) {
        var drained = false
        var reclaimRetries = Self.chargeRetries
        while memcg.memory.usage > memcg.memory.max {
            if !drained {
                drainStocks(caching: memcg)
                drained = true
                continue
            }
            if reclaimRetries > 0 {
                if reclaim(memcg, memcg.memory.usage - memcg.memory.max) == 0 {
                    reclaimRetries = reclaimWasIdle ? 0 : reclaimRetries - 1
                }
                continue
            }
            memoryEvent(memcg, .oom)
            guard outOfMemory(domain: memcg) != .noVictim else { break }
        }
    }

    /// `memory_high_write`'s loop after setting the limit.
    func shrinkToHigh(_ memcg: MemCgroup) {
        var drained = false
        var retries = Self.chargeRetries
        while memcg.memory.usage > memcg.memory.high {
            if !drained {
                drainStocks(caching: memcg)
                drained = true
                continue
            }
            if reclaim(memcg, memcg.memory.usage - memcg.memory.high) == 0 {
                guard retries > 0, !reclaimWasIdle else { break }
                retries -= 1
            }
        }
    }

    /// Whether the last reclaim did nothing a retry could do differently.
    private var reclaimWasIdle: Bool { chargeFailureReclaim == nil && pages.lastReclaimWasIdle }

    private func reclaim(_ memcg: MemCgroup, _ pages: Int) -> Int {
        if let reclaim = chargeFailureReclaim { return reclaim(memcg, pages) }
        return self.pages.tryToFreeMemcgPages(memcg, pages: pages)
    }

    /// Forgets pages charged over memory.high outside any task's work.
    public func clearPagesOverHigh() { pagesOverHigh = 0 }

    /// MEMCG_MAX_HIGH_DELAY_JIFFIES: at most 2 s of throttling per return.
    static let maxHighDelay = VirtualDuration.seconds(2)

    /// `mem_cgroup_handle_over_high`, for a task of `memcg` returning to
    /// user space after charging `pagesOverHigh` pages over a memory.high:
    /// `reclaim_high` on every level over its high (counting `high`),
    /// retried while it makes progress; then the penalty: the square of
    /// the largest relative overage, scaled by the pages this task charged
    /// against a batch (`calculate_high_delay`), at most 2 s, none below
    /// 10 ms. Returns how long the task sleeps.
    public func handleOverHigh(_ memcg: MemCgroup) -> VirtualDuration {
        let nrPages = pagesOverHigh
        guard nrPages > 0 else { return .zero }
        pagesOverHigh = 0
        var retries = Self.chargeRetries
        var inRetry = false
        while true {
            let (reclaimed, idle) = reclaimHigh(memcg, pages: inRetry ? PageLRU.swapClusterMax : nrPages)
            let penalty = Self.highDelay(nrPages: nrPages, maxOverage: maxOverage(memcg), batch: design.chargeBatch.pages)
            if penalty <= .milliseconds(10) { return .zero }
            if reclaimed == 0, idle, retries > 0 {
                // The retries would repeat this idle pass exactly: count
                // their `high` events and throttle now.
                for _ in 0..<retries { countHighEvents(memcg) }
                return penalty
            }
            if reclaimed > 0 || retries > 0 {
                if reclaimed == 0 { retries -= 1 }
                inRetry = true
                continue
            }
            return penalty
        }
    }

    /// `reclaim_high`: reclaim for each level at or above `memcg` that is
    /// over its memory.high, counting the `high` event there.
    private func reclaimHigh(_ memcg: MemCgroup, pages: Int) -> (reclaimed: Int, idle: Bool) {
        var reclaimed = 0
        var idle = true
        var node: MemCgroup? = memcg
        while let m = node, !m.isRoot {
            if m.memory.usage > m.memory.high {
                memoryEvent(m, .high)
                reclaimed += reclaim(m, pages)
                idle = idle && reclaimWasIdle
            }
            node = m.parent
        }
        return (reclaimed, idle)
    }

    /// The `high` events one `reclaim_high` pass counts.
    private func countHighEvents(_ memcg: MemCgroup) {
        var node: MemCgroup? = memcg
        while let m = node, !m.isRoot {
            if m.memory.usage > m.memory.high { memoryEvent(m, .high) }
            node = m.parent
        }
    }

    /// MEMCG_DELAY_PRECISION_SHIFT and MEMCG_DELAY_SCALING_SHIFT.
    static let delayPrecisionShift = 20
    static let delayScalingShift = 14
    /// HZ of the modelled kernel (the penalty is computed in jiffies).
    static let hz: UInt64 = 1_000

    /// `mem_find_max_overage`: the largest (usage - high) / high on the
    /// chain, in 2^-20 units.
    func maxOverage(_ memcg: MemCgroup) -> UInt64 {
        var overage: UInt64 = 0
        var node: MemCgroup? = memcg
        while let m = node, !m.isRoot {
            let usage = m.memory.usage
            let high = m.memory.high
            if usage > high {
                let base = UInt64(Swift.max(high, 1))
                overage = Swift.max(overage, (UInt64(usage - high) << UInt64(Self.delayPrecisionShift)) / base)
            }
            node = m.parent
        }
        return overage
    }

    /// `calculate_high_delay`, clamped to `maxHighDelay`.
    static func highDelay(nrPages: Int, maxOverage: UInt64, batch: Int) -> VirtualDuration {
        guard maxOverage > 0 else { return .zero }
        // overage^2 overflows 64 bits past 4096x over high; clamp first (the result is clamped anyway).
        let clamped = Swift.min(maxOverage, UInt64(1) << 31)
        var jiffies = clamped.multipliedFullWidth(by: clamped)
        var product = jiffies.low
        if jiffies.high != 0 { product = .max }
        let (timesHZ, overflow) = product.multipliedReportingOverflow(by: hz)
        jiffies = (0, overflow ? .max : timesHZ)
        var penalty = jiffies.low >> UInt64(delayPrecisionShift + delayScalingShift)
        penalty = penalty.multipliedReportingOverflow(by: UInt64(nrPages)).overflow ? .max : penalty * UInt64(nrPages) / UInt64(Swift.max(batch, 1))
        let maxJiffies = UInt64(maxHighDelay.nanoseconds / (1_000_000_000 / hz))
        return .nanoseconds(Swift.min(penalty, maxJiffies) * (1_000_000_000 / hz))
    }

    /// `memory_reclaim`: reclaims `pages` from the subtree in shrinking
    /// batches (a quarter of what is left), draining the LRU add batches
    /// before the last attempt; EAGAIN when MAX_RECLAIM_RETRIES attempts
    /// freed nothing before the amount was reached. The target's own
    /// protection does not apply (it never does to the reclaim root).
    public func proactiveReclaim(_ memcg: MemCgroup, pages: Int, swappiness: Int?) throws(MemcgError) {
        var reclaimed = 0
        var retries = Self.chargeRetries
        while reclaimed < pages {
            if retries == 0 { self.pages.lruAddDrainAll() }
            let batch = (pages - reclaimed) / 4
            let freed = self.pages.tryToFreeMemcgPages(memcg, pages: batch, swappiness: swappiness, proactive: true)
            if freed == 0 {
                guard retries > 0, !(self.pages.lastReclaimWasIdle && retries < Self.chargeRetries) else {
                    throw MemcgError(.EAGAIN, "memory.reclaim: reclaimed \(reclaimed) of \(pages) page(s) from \(memcg.path)")
                }
                retries -= 1
            }
            reclaimed += freed
        }
    }
}
