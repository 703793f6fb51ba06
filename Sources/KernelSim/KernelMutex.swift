internal import DequeModule

/// Figures about one modelled mutex.
package struct MutexStatistics: Hashable, Sendable {
    var acquisitions: UInt64 = 0
    var contended: UInt64 = 0
    package var totalHold: VirtualDuration = .zero
    package var maxHold: VirtualDuration = .zero
    var maxHolder: String = ""
    var totalWait: VirtualDuration = .zero
    package var peakWaiters: Int = 0
}

/// A modelled sleeping kernel mutex (cgroup_mutex, slab_mutex) with a
/// timeline: who holds it, since when, who waits, and how long each hold
/// lasted in virtual time.
///
/// `lock` is continuation style: the critical section runs when the mutex
/// is granted; it must end with `unlock()`, possibly many events later
/// (after a synchronous grace period, say), and the hold lasts until then.
package final class KernelMutex {
    package let name: String
    @exclusivity(unchecked) package private(set) var statistics = MutexStatistics()
    /// Who holds the mutex, if anyone.
    package var holder: String? { holderName?() }
    /// The holder's name, built only when asked for: callers name holders
    /// after paths, and most holds are never reported.
    @exclusivity(unchecked) private var holderName: (() -> String)?

    // Owned by the kernel; unchecked for the reason Workqueue's is.
    private unowned(unsafe) let kernel: Kernel
    @exclusivity(unchecked) private var heldSince: VirtualTime = .zero
    /// A sleeper. A struct, not a tuple, so that its closures are stored
    /// as they are rather than reabstracted (an allocation each way).
    private struct Waiter {
        let owner: () -> String
        let since: VirtualTime
        let cpu: Int
        let body: () -> Void
    }
    @exclusivity(unchecked) private var waiters = Deque<Waiter>()

    init(kernel: Kernel, name: String) {
        self.kernel = kernel
        self.name = name
    }

    package var isLocked: Bool { holderName != nil }
    var waiterCount: Int { waiters.count }

    /// Takes the mutex for `owner`, then runs `criticalSection` (at once if
    /// the mutex is free, otherwise when it is handed over).
    package func lock(owner: @autoclosure @escaping () -> String, _ criticalSection: @escaping () -> Void) {
        if holderName == nil {
            grant(to: owner)
            criticalSection()
        } else {
            statistics.contended += 1
            waiters.append(Waiter(owner: owner, since: kernel.now, cpu: kernel.currentCPU, body: criticalSection))
            statistics.peakWaiters = max(statistics.peakWaiters, waiterCount)
        }
    }

    /// Releases the mutex; the longest waiter gets it next.
    package func unlock() {
        guard let owner = holderName else {
            preconditionFailure("unlock of \(name), which nobody holds")
        }
        let hold = kernel.now - heldSince
        statistics.totalHold += hold
        if hold > statistics.maxHold {
            statistics.maxHold = hold
            statistics.maxHolder = owner()
        }
        holderName = nil
        guard let next = waiters.popFirst() else { return }
        statistics.totalWait += kernel.now - next.since
        grant(to: next.owner)
        kernel.schedule(after: kernel.costs.mutexAcquire, on: next.cpu, "mutex.handoff", next.body)
    }

    /// Runs `body` with the mutex held and releases it `duration` later:
    /// a critical section that does `duration` worth of work.
    package func withLock(owner: @autoclosure @escaping () -> String, holdingFor duration: @escaping () -> VirtualDuration,
                         then after: @escaping () -> Void = {}) {
        lock(owner: owner()) { [unowned self, unowned kernel] in
            let spent = duration()
            kernel.schedule(after: spent, "mutex.section_end") {
                self.unlock()
                after()
            }
        }
    }

    private func grant(to owner: @escaping () -> String) {
        holderName = owner
        heldSince = kernel.now
        statistics.acquisitions += 1
    }
}
