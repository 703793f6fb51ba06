internal import DequeModule

/// Figures about one workqueue.
package struct WorkqueueStatistics: Hashable, Sendable {
    package var queued: UInt64 = 0
    package var completed: UInt64 = 0
    /// The most items that ran at once: the number of kworkers it needed.
    package var peakActive: Int = 0
    /// The most items waiting for a worker at once.
    var peakPending: Int = 0
    /// Summed time items waited between queueing and starting.
    var queueLatency: VirtualDuration = .zero
}

/// A modelled kernel workqueue.
///
/// `maxActive == nil` starts every queued item at once, each on its own
/// worker: how an unbound system workqueue behaves when its items block on
/// a mutex, since the pool spawns a new kworker for every blocked one.
/// A bounded queue runs at most `maxActive` items at once; an ordered one
/// runs them one at a time in queueing order.
package final class Workqueue {
    package let name: String
    package let maxActive: Int?
    package let ordered: Bool
    @exclusivity(unchecked) package private(set) var statistics = WorkqueueStatistics()
    @exclusivity(unchecked) package private(set) var active = 0

    /// A queued item. Its body sits in a struct rather than a tuple: a
    /// closure inside a tuple in a generic container is stored
    /// reabstracted, which costs a thunk allocation on the way in and out.
    private struct Item {
        let queuedAt: VirtualTime
        let cpu: Int
        let tag: StaticString
        let body: Body
    }

    private enum Body {
        /// Runs at once, then keeps the worker busy for `cost`.
        case synchronous(() -> Void, cost: VirtualDuration)
        /// Keeps the worker until it calls `done`.
        case blocking((_ done: @escaping () -> Void) -> Void)
    }

    // The kernel owns its workqueues, and a workqueue used after its
    // kernel is gone is a bug in the caller. Unchecked, because the checked
    // `unowned` form costs a reference-count round trip on every access.
    private unowned(unsafe) let kernel: Kernel
    @exclusivity(unchecked) private var pending = Deque<Item>()
    /// Items handed to a worker whose start event has not fired yet. Every
    /// start is scheduled the same fixed cost ahead, so they fire in the
    /// order they were handed out and the event need not carry the item.
    @exclusivity(unchecked) private var starting = Deque<Item>()
    /// The completion every item gets: made once, so a start allocates nothing.
    private lazy var finishItem: () -> Void = { [unowned(unsafe) self] in self.finish() }

    init(kernel: Kernel, name: String, maxActive: Int?, ordered: Bool) {
        self.kernel = kernel
        self.name = name
        self.maxActive = maxActive
        self.ordered = ordered
    }

    /// Queues an item that does its work synchronously, then keeps its
    /// worker busy for `cost` of virtual time.
    package func queue(_ tag: StaticString, cost: VirtualDuration = .zero, _ body: @escaping () -> Void) {
        enqueue(tag, .synchronous(body, cost: cost))
    }

    /// Queues an item that may block: `body` receives a completion to call
    /// when the item is finished; its worker is busy until then.
    package func queueAsync(_ tag: StaticString, _ body: @escaping (_ done: @escaping () -> Void) -> Void) {
        enqueue(tag, .blocking(body))
    }

    private func enqueue(_ tag: StaticString, _ body: Body) {
        statistics.queued += 1
        pending.append(Item(queuedAt: kernel.now, cpu: kernel.currentCPU, tag: tag, body: body))
        statistics.peakPending = max(statistics.peakPending, pending.count)
        startRunnable()
    }

    private func startRunnable() {
        while !pending.isEmpty, maxActive.map({ active < $0 }) ?? true {
            let item = pending.removeFirst()
            active += 1
            statistics.peakActive = max(statistics.peakActive, active)
            statistics.queueLatency += kernel.now - item.queuedAt
            starting.append(item)
            // Capturing only `self`, strongly, lets the closure use it as
            // its context: no allocation per start.
            kernel.schedule(after: kernel.costs.workItem, on: item.cpu, item.tag) { self.start() }
        }
    }

    private func start() {
        switch starting.removeFirst().body {
        case .blocking(let body):
            body(finishItem)
        case .synchronous(let body, let cost):
            body()
            kernel.schedule(after: cost, "work.done", finishItem)
        }
    }

    private func finish() {
        active -= 1
        statistics.completed += 1
        startRunnable()
    }
}
