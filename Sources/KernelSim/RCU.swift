/// Figures about the RCU the engine simulated.
public struct RCUStatistics: Hashable, Sendable {
    public var gracePeriods: UInt64 = 0
    var callbacksQueued: UInt64 = 0
    public var callbacksRun: UInt64 = 0
    public var synchronousWaits: UInt64 = 0
    /// Virtual time spent by callers blocked in synchronous waits, summed.
    var synchronousWaitTime: VirtualDuration = .zero
    var barriers: UInt64 = 0
}

/// A queued callback. Wrapped in a struct because an array of bare
/// closures stores them reabstracted: a thunk allocation in and another out.
struct RCUCallback {
    let run: () -> Void
    /// When a synchronous wait began (nil for call_rcu callbacks).
    var waitStart: VirtualTime? = nil
}

/// RCU as one global grace-period machine.
///
/// A grace period starts when a callback is queued and none is running;
/// it serves every callback queued before it started. Callbacks queued
/// while it runs wait for the next one, which starts as soon as this one
/// ends. Per-CPU callback lists and expedited grace periods are not
/// modelled: the threads turn on how many grace periods a path waits for,
/// not on which CPU's list a callback sits.
struct RCUState {
    var inProgress = false
    var currentBatch: [RCUCallback] = []
    var nextBatch: [RCUCallback] = []
    var statistics = RCUStatistics()

    /// The waiting callbacks become the current grace period's. The two
    /// batches trade places, so both keep their capacity; the current one
    /// was emptied when the last grace period ended.
    mutating func takeNextBatch() {
        assert(currentBatch.isEmpty)
        swap(&currentBatch, &nextBatch)
    }
}

extension Kernel {
    public var rcuStatistics: RCUStatistics { rcuState.statistics }

    /// Number of callbacks waiting for a grace period to end.
    public var rcuPendingCallbacks: Int { rcuState.currentBatch.count + rcuState.nextBatch.count }

    /// Queues `callback` to run after a full grace period (call_rcu).
    public func callRCU(_ callback: @escaping () -> Void) {
        queueForNextGracePeriod(RCUCallback(run: callback))
    }

    /// A synchronous grace-period wait (synchronize_rcu): the caller's
    /// `continuation` runs once a grace period that started after this call
    /// has ended. Whatever the caller holds (a mutex) stays held meanwhile.
    public func synchronizeRCU(then continuation: @escaping () -> Void) {
        rcuState.statistics.synchronousWaits += 1
        queueForNextGracePeriod(RCUCallback(run: continuation, waitStart: now))
    }

    /// rcu_barrier: `continuation` runs after every callback queued before
    /// this call has run, the host's included.
    ///
    /// The kernel's rcu_barrier (kernel/rcu/tree.c) entrains a callback of
    /// its own at the tail of every CPU's callback list that holds any
    /// (rcu_barrier_func, rcu_segcblist_entrain) and waits until the last
    /// of them has been invoked; only with no callback queued anywhere may
    /// it return at once. The model queues only its own callbacks, so:
    /// - with some of them in flight, the barrier waits behind the last
    ///   (the host's, queued before it, are taken to be served by the same
    ///   grace periods);
    /// - with none, the model's part is done at once (`rcu_barrier.done`),
    ///   and the barrier then waits behind the callbacks a busy host always
    ///   has queued (files, dentries, task structs): `hostRCUBarrier`, one
    ///   grace period by default (`rcu_barrier.host_callbacks`). A zero
    ///   cost models an idle host, where the barrier returns at once.
    public func rcuBarrier(then continuation: @escaping () -> Void) {
        rcuState.statistics.barriers += 1
        if rcuState.currentBatch.isEmpty && rcuState.nextBatch.isEmpty {
            let hostWait = costs.hostRCUBarrier
            guard hostWait != .zero else {
                schedule("rcu_barrier.done", continuation)
                return
            }
            schedule("rcu_barrier.done") { [unowned(unsafe) self] in
                self.schedule(after: hostWait, "rcu_barrier.host_callbacks", continuation)
            }
        } else if rcuState.nextBatch.isEmpty {
            rcuState.currentBatch.append(RCUCallback(run: continuation))
        } else {
            rcuState.nextBatch.append(RCUCallback(run: continuation))
        }
    }

    private func queueForNextGracePeriod(_ callback: RCUCallback) {
        rcuState.statistics.callbacksQueued += 1
        rcuState.nextBatch.append(callback)
        startGracePeriodIfIdle()
    }

    /// Starting a grace period is itself an event (the grace-period kthread
    /// waking up), so every callback queued in the same instant joins it.
    private func startGracePeriodIfIdle() {
        guard !rcuState.inProgress, !rcuState.nextBatch.isEmpty else { return }
        rcuState.inProgress = true
        schedule(on: 0, "rcu.gp_start", rcuGracePeriodStart)
    }

    func beginGracePeriod() {
        rcuState.takeNextBatch()
        schedule(after: costs.gracePeriod, on: 0, "rcu.gp_end", rcuGracePeriodEnd)
    }

    func endGracePeriod() {
        rcuState.statistics.gracePeriods += 1
        rcuState.inProgress = false
        // Callbacks run back to back in softirq; each is charged its cost by
        // spacing them on the timeline, so a long batch takes virtual time.
        var offset = VirtualDuration.zero
        for callback in rcuState.currentBatch {
            rcuState.statistics.callbacksRun += 1
            if let start = callback.waitStart {
                // The wait ends when its callback runs.
                rcuState.statistics.synchronousWaitTime += now + offset - start
            }
            schedule(after: offset, "rcu.callback", callback.run)
            offset += costs.rcuCallback
        }
        rcuState.currentBatch.removeAll(keepingCapacity: true)
        startGracePeriodIfIdle()
    }
}
