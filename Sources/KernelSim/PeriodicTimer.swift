/// A periodic background timer (`Kernel.every`): its action, its period
/// and where its armed event stands, so that the engine can skip over
/// firings that would change nothing.
final class PeriodicTimer {
    let period: UInt64
    let cpu: Int32
    let tag: StaticString
    let action: () -> Void
    let isIdle: (() -> Bool)?
    let skip: ((UInt64) -> Void)?
    /// When the pending event was armed, when it fires, and the engine-wide
    /// order of that arming (which orders equal-time events).
    @exclusivity(unchecked) var armedAt: UInt64 = 0
    @exclusivity(unchecked) var next: UInt64 = 0
    @exclusivity(unchecked) var armOrder: UInt64 = 0

    init(period: UInt64, cpu: Int32, tag: StaticString, action: @escaping () -> Void,
         isIdle: (() -> Bool)?, skip: ((UInt64) -> Void)?) {
        self.period = period
        self.cpu = cpu
        self.tag = tag
        self.action = action
        self.isIdle = isIdle
        self.skip = skip
    }
}

extension Kernel {
    /// With only skippable timers pending and every one idle, accounts for
    /// all their firings up to `deadline` at once and re-arms each where
    /// running them would have left it: the same next firing time, the
    /// same order among equal times, the current CPU of the last firing,
    /// the same event count. Returns false (and changes nothing) when a
    /// timer is busy or the skip would save less than two events.
    func skipIdleTimers(through deadline: UInt64) -> Bool {
        var plans: [(timer: PeriodicTimer, firings: UInt64, lastFire: UInt64)] = []
        var total: UInt64 = 0
        for timer in skippableTimers {
            guard timer.isIdle?() == true else { return false }
            guard timer.next <= deadline else {
                plans.append((timer, 0, 0))
                continue
            }
            let firings = (deadline - timer.next) / timer.period + 1
            let (span, o1) = (firings - 1).multipliedReportingOverflow(by: timer.period)
            let (lastFire, o2) = timer.next.addingReportingOverflow(span)
            guard !o1, !o2, lastFire <= UInt64.max - timer.period else { return false }
            plans.append((timer, firings, lastFire))
            total += firings
        }
        guard total >= 2 else { return false }
        while !queue.isEmpty { _ = queue.removeFirst() }
        // Re-arm in the order the firings would have armed them: by arming
        // time, then by the order of their pending events.
        let order = plans.indices.sorted { a, b in
            let ta = plans[a].firings > 0 ? plans[a].lastFire : plans[a].timer.armedAt
            let tb = plans[b].firings > 0 ? plans[b].lastFire : plans[b].timer.armedAt
            return ta != tb ? ta < tb : plans[a].timer.armOrder < plans[b].timer.armOrder
        }
        let saved = now
        for index in order {
            let (timer, firings, lastFire) = plans[index]
            if firings > 0 {
                timer.skip?(firings)
                trace.recordSkipped(firings, lastTime: lastFire, cpu: timer.cpu, tag: timer.tag)
                currentCPU = Int(timer.cpu)
                nowStorage = VirtualTime(nanoseconds: lastFire)
            } else {
                nowStorage = VirtualTime(nanoseconds: timer.armedAt)
            }
            rearm(timer)
        }
        if saved > now { nowStorage = saved }
        return true
    }
}
