/// Figures about one workqueue.
public struct WorkqueueStatistics: Hashable, Sendable {
    public var queued: UInt64 = 0
    public var completed: UInt64 = 0
    /// The most items that ran at once: the number of kworkers it needed.
    public var peakActive: Int = 0
    /// The most items waiting for a worker at once.
    public var peakPending: Int = 0
    /// Summed time items waited between queueing and starting.
    public var queueLatency: VirtualDuration = .zero
}

/// A modelled kernel workqueue.
///
/// `maxActive == nil` starts every queued item at once, each on its own
/// worker: how an unbound system workqueue behaves when its items block on
/// a mutex, since the pool spawns a new kworker for every blocked one.
/// A bounded queue runs at most `maxActive` items at once; an ordered one
/// runs them one at a time in queueing order.
public final class Workqueue {
    public let name: String
    public let maxActive: Int?
    public let ordered: Bool
    public private(set) var statistics = WorkqueueStatistics()
    public private(set) var active = 0

    private unowned let kernel: Kernel
    private var pending: [(queuedAt: VirtualTime, cpu: Int, tag: StaticString, body: (@escaping () -> Void) -> Void)] = []
    private var pendingHead = 0

    init(kernel: Kernel, name: String, maxActive: Int?, ordered: Bool) {
        self.kernel = kernel
        self.name = name
        self.maxActive = maxActive
        self.ordered = ordered
    }

    public var pendingCount: Int { pending.count - pendingHead }

    /// Queues an item that does its work synchronously, then keeps its
    /// worker busy for `cost` of virtual time.
    public func queue(_ tag: StaticString, cost: VirtualDuration = .zero, _ body: @escaping () -> Void) {
        queueAsync(tag) { [unowned kernel] done in
            body()
            kernel.schedule(after: cost, "work.done") { done() }
        }
    }

    /// Queues an item that may block: `body` receives a completion to call
    /// when the item is finished; its worker is busy until then.
    public func queueAsync(_ tag: StaticString, _ body: @escaping (_ done: @escaping () -> Void) -> Void) {
        statistics.queued += 1
        pending.append((kernel.now, kernel.currentCPU, tag, body))
        statistics.peakPending = max(statistics.peakPending, pendingCount)
        startRunnable()
    }

    private func startRunnable() {
        while pendingCount > 0, maxActive.map({ active < $0 }) ?? true {
            let item = pending[pendingHead]
            pendingHead += 1
            if pendingHead > 1024, pendingHead * 2 > pending.count {
                pending.removeFirst(pendingHead)
                pendingHead = 0
            }
            active += 1
            statistics.peakActive = max(statistics.peakActive, active)
            let latency = kernel.now - item.queuedAt
            statistics.queueLatency += latency
            kernel.schedule(after: kernel.costs.workItem, on: item.cpu, item.tag) { [unowned self] in
                item.body { [unowned self] in self.finish() }
            }
        }
    }

    private func finish() {
        active -= 1
        statistics.completed += 1
        startRunnable()
    }
}
