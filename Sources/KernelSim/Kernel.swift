/// How to build a simulated kernel.
public struct KernelConfiguration: Sendable {
    public var topology: Topology
    public var seed: UInt64
    public var costs: CostModel

    public init(topology: Topology = try! Topology(), seed: UInt64 = 1, costs: CostModel = CostModel()) {
        self.topology = topology
        self.seed = seed
        self.costs = costs
    }
}

/// The simulated execution environment of a kernel: a virtual clock, an
/// event queue, virtual CPUs and NUMA nodes, a seeded generator, RCU,
/// workqueues, mutexes and fault points.
///
/// It knows nothing of memory cgroups. One thread drives it; concurrency
/// in the modelled kernel (CPUs, RCU callbacks, work items) is expressed as
/// events that the queue interleaves in a reproducible order. A kernel path
/// that can block (a synchronous grace period, a contended mutex, a work
/// item waiting its turn) is written in continuation style: it hands the
/// engine the rest of its work, and the engine runs it when the wait ends.
public final class Kernel {
    public let topology: Topology
    /// Fixed for the kernel's life: workqueues rely on every item start
    /// being the same cost ahead (see `Workqueue`).
    public let costs: CostModel
    public let seed: UInt64

    // `now`, `currentCPU`, `trace` and `queue` are touched on every event.
    // Swift checks exclusive access to a class's stored properties at run
    // time (swift_beginAccess), about four checks an event and a quarter of
    // the event loop's instructions, so these four are marked unchecked. No
    // access to them can overlap another: the engine's accesses are short
    // and run no other code. EventQueue stores actions and hands them back
    // but never calls or releases one while it is being accessed (an action
    // runs after `pop()` has returned), and EventTrace calls nothing back.

    // What other modules use on hot paths (`now`, `currentCPU`, the fault
    // points) is reached through accessors and methods over unchecked
    // storage: another module that reads a stored property of this class
    // directly emits its own swift_beginAccess call,
    // `@exclusivity(unchecked)` notwithstanding, while a call to an
    // accessor costs no check. Inside KernelSim they inline to plain loads
    // and stores.

    /// The current virtual time.
    public var now: VirtualTime { nowStorage }
    @exclusivity(unchecked) var nowStorage: VirtualTime = .zero
    /// The CPU the currently running code executes on (Memcg's per-CPU
    /// stocks read it on every charge and free).
    public var currentCPU: Int {
        get { currentCPUStorage }
        set { currentCPUStorage = newValue }
    }
    @exclusivity(unchecked) var currentCPUStorage: Int = 0
    /// The main random stream; layers that want independence `split()` it.
    @exclusivity(unchecked) public var random: SimRandom
    /// Fault points and their rates.
    package var faults: FaultInjector {
        _read { yield faultsStorage }
        _modify { yield &faultsStorage }
    }
    /// Whether this evaluation of fault point `name` fails: what every
    /// charge, mkdir and slab page allocation asks, as a plain call (the
    /// `faults` accessor is a coroutine, dearer on these paths).
    public func shouldFail(_ name: String) -> Bool {
        faultsStorage.shouldFail(name)
    }
    @exclusivity(unchecked) var faultsStorage: FaultInjector
    @exclusivity(unchecked) public var trace = EventTrace()

    @exclusivity(unchecked) var queue = EventQueue()
    @exclusivity(unchecked) var rcuState = RCUState()
    /// The grace-period machine's two events, made once so that a grace
    /// period allocates nothing. Stored in the kernel and run only from its
    /// own queue, so the unchecked reference cannot outlive it.
    lazy var rcuGracePeriodStart: () -> Void = { [unowned(unsafe) self] in self.beginGracePeriod() }
    lazy var rcuGracePeriodEnd: () -> Void = { [unowned(unsafe) self] in self.endGracePeriod() }
    @exclusivity(unchecked) private(set) var workqueues: [Workqueue] = []
    /// Periodic timers that can be skipped over while idle.
    @exclusivity(unchecked) var skippableTimers: [PeriodicTimer] = []
    @exclusivity(unchecked) var nextArmOrder: UInt64 = 0
    /// Whether `run(until:)` skips over idle periodic timers when nothing
    /// else is pending (the default). Off, it runs every firing as an
    /// event; the model's state and output are the same either way (tested),
    /// only the trace digest differs (a skipped run folds in as one entry).
    @exclusivity(unchecked) public var skipsIdlePeriodicWork = true
    @exclusivity(unchecked) private(set) var mutexes: [KernelMutex] = []

    public init(_ configuration: KernelConfiguration = KernelConfiguration()) {
        topology = configuration.topology
        costs = configuration.costs
        seed = configuration.seed
        var root = SimRandom(seed: configuration.seed)
        faultsStorage = FaultInjector(random: root.split())
        random = root
    }

    public var cpus: Int { topology.cpus }
    public var nodes: Int { topology.nodes }

    /// The NUMA node of the current CPU.
    public var currentNode: Int { topology.node(ofCPU: currentCPU) }

    /// Number of events waiting, background timers included.
    public var pendingEvents: Int { queue.count }

    /// Whether anything other than periodic background timers is pending.
    public var hasPendingWork: Bool { queue.foregroundCount > 0 }

    /// When the earliest pending event falls due, background timers
    /// included: a task doing a long action pays its time up to here
    /// before it goes on, so that what falls due runs between its steps.
    public var nextEventTime: VirtualTime? { queue.nextTime.map { VirtualTime(nanoseconds: $0) } }

    // MARK: Scheduling

    /// Runs `action` after `delay` on the current CPU (or the given one).
    public func schedule(after delay: VirtualDuration = .zero, on cpu: Int? = nil, _ tag: StaticString,
                         _ action: @escaping () -> Void) {
        queue.push(time: now.nanoseconds &+ delay.nanoseconds, cpu: Int32(cpu ?? currentCPU),
                   background: false, tag: tag, action: action)
    }

    /// Runs `action` every `period`, forever, as background work: a
    /// periodic timer does not keep `runUntilIdle()` from returning.
    ///
    /// A timer that can say when a firing would change nothing but its own
    /// count (`idle`) and can account for many such firings at once
    /// (`skip`) is skipped over, not run event by event, while nothing
    /// else is pending: a long `advance` of an idle system then costs a
    /// few operations instead of one event a period (see
    /// `skipsIdlePeriodicWork`).
    public func every(_ period: VirtualDuration, on cpu: Int = 0, _ tag: StaticString,
                      idle: (() -> Bool)? = nil, skip: ((UInt64) -> Void)? = nil,
                      _ action: @escaping () -> Void) {
        precondition(period > .zero, "a periodic timer needs a positive period")
        let timer = PeriodicTimer(period: period.nanoseconds, cpu: Int32(cpu), tag: tag, action: action,
                                  isIdle: idle, skip: skip)
        if idle != nil, skip != nil { skippableTimers.append(timer) }
        rearm(timer)
    }

    func rearm(_ timer: PeriodicTimer) {
        timer.armedAt = now.nanoseconds
        timer.next = now.nanoseconds &+ timer.period
        timer.armOrder = nextArmOrder
        nextArmOrder &+= 1
        queue.push(time: timer.next, cpu: timer.cpu, background: true, tag: timer.tag) { [unowned(unsafe) self] in
            timer.action()
            self.rearm(timer)
        }
    }

    /// Runs the next due event, if any. Returns false when the queue is empty.
    @discardableResult
    public func step() -> Bool {
        guard !queue.isEmpty else { return false }
        let event = queue.removeFirst()
        if event.time > now.nanoseconds { nowStorage = VirtualTime(nanoseconds: event.time) }
        currentCPU = Int(event.cpu)
        trace.record(time: event.time, cpu: event.cpu, tag: event.tag)
        event.action()
        return true
    }

    /// Runs every event due at or before `deadline`, then sets the clock to it.
    ///
    /// The caller sleeps until `deadline` while the events run, each on its
    /// own CPU, and then goes on where it was: the CPU current at the call
    /// is current again on return (a task that sleeps in the kernel wakes
    /// on its own runqueue; the model does not migrate sleepers).
    public func run(until deadline: VirtualTime) {
        let callerCPU = currentCPUStorage
        while let next = queue.nextTime, next <= deadline.nanoseconds {
            if queue.foregroundCount == 0, skipsIdlePeriodicWork, queue.count == skippableTimers.count,
               skipIdleTimers(through: deadline.nanoseconds) {
                break
            }
            step()
        }
        currentCPUStorage = callerCPU
        if deadline > now { nowStorage = deadline }
    }

    /// Moves virtual time forward by `duration`, running what falls due,
    /// and returns on the caller's CPU (see `run(until:)`).
    public func advance(by duration: VirtualDuration) {
        run(until: now + duration)
    }

    /// Runs until only background timers remain (or `maxEvents` ran).
    /// Returns true if the foreground work drained.
    @discardableResult
    public func runUntilIdle(maxEvents: UInt64 = .max) -> Bool {
        var ran: UInt64 = 0
        while queue.foregroundCount > 0 {
            guard ran < maxEvents else { return false }
            step()
            ran &+= 1
        }
        return true
    }

    // MARK: Objects owned by the engine

    /// Creates a workqueue. `maxActive == nil` is unbounded (a worker per
    /// runnable item, like the old system workqueue under blocking items).
    package func makeWorkqueue(_ name: String, maxActive: Int? = nil, ordered: Bool = false) -> Workqueue {
        let wq = Workqueue(kernel: self, name: name, maxActive: ordered ? 1 : maxActive, ordered: ordered)
        workqueues.append(wq)
        return wq
    }

    /// Creates a modelled kernel mutex with a hold-time timeline.
    package func makeMutex(_ name: String) -> KernelMutex {
        let mutex = KernelMutex(kernel: self, name: name)
        mutexes.append(mutex)
        return mutex
    }
}
