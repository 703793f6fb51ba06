/// What each modelled kernel operation costs in virtual time.
///
/// The defaults are round figures of the right order for a server of the
/// seed threads' era; they are not measurements of any one machine. Every
/// latency the model reports is a sum of these, so a reader who disagrees
/// with one can override it (`--cost NAME=DURATION` on the command line)
/// and see how far the conclusion moves.
public struct CostModel: Hashable, Sendable {
    /// One RCU grace period (synchronize_rcu / synchronize_sched), from its
    /// start until the callbacks queued before it may run.
    public var gracePeriod: VirtualDuration = .milliseconds(20)
    /// Running one RCU callback in softirq context.
    public var rcuCallback: VirtualDuration = .nanoseconds(200)
    /// Waking a worker and running an empty work item.
    public var workItem: VirtualDuration = .microseconds(5)
    /// Taking an uncontended kernel mutex.
    public var mutexAcquire: VirtualDuration = .nanoseconds(50)
    /// Visiting one node of a kernel linked list during a walk.
    public var listNodeVisit: VirtualDuration = .nanoseconds(20)
    /// Charging or uncharging one page against a page counter hierarchy.
    public var pageCharge: VirtualDuration = .nanoseconds(40)
    /// Allocating or freeing one slab object on the fast path.
    public var slabObject: VirtualDuration = .nanoseconds(30)
    /// Creating or removing one sysfs/kernfs directory with its files.
    public var sysfsEntry: VirtualDuration = .microseconds(20)
    /// A mkdir or rmdir of a cgroup from user space: the time the system
    /// call takes, during which the rest of the kernel runs on.
    public var cgroupSyscall: VirtualDuration = .microseconds(30)
    /// Reading or writing one control file from user space.
    public var controlFileAccess: VirtualDuration = .microseconds(2)
    /// Folding one cgroup's per-CPU counters during a statistics flush.
    public var statFlushPerCgroup: VirtualDuration = .nanoseconds(300)
    /// Loading one statistics counter while a memory.stat read sums a
    /// subtree: mostly a cache miss on another CPU's per-CPU area. From
    /// a983b5ebee57's changelog: top-level reads of up to 14 s with tens of
    /// thousands of dying cgroups, ~70 items and 64-128 possible CPUs, i.e.
    /// some 30-80 ns a counter.
    public var statCounterRead: VirtualDuration = .nanoseconds(50)
    /// Faulting in one page: allocation, zeroing or reading, mapping (the
    /// charge and the LRU add are in it).
    public var pageFault: VirtualDuration = .nanoseconds(500)

    public init() {}

    /// One named, documented entry of the cost model.
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let keyPath: any WritableKeyPath<CostModel, VirtualDuration> & Sendable
    }

    /// Every entry, in a stable order, for listing and overriding by name.
    public static let entries: [Entry] = [
        Entry(name: "grace_period", summary: "one RCU grace period", keyPath: \.gracePeriod),
        Entry(name: "rcu_callback", summary: "running one RCU callback", keyPath: \.rcuCallback),
        Entry(name: "work_item", summary: "waking a worker for one work item", keyPath: \.workItem),
        Entry(name: "mutex_acquire", summary: "taking an uncontended mutex", keyPath: \.mutexAcquire),
        Entry(name: "list_node_visit", summary: "visiting one list node in a walk", keyPath: \.listNodeVisit),
        Entry(name: "page_charge", summary: "charging one page up the hierarchy", keyPath: \.pageCharge),
        Entry(name: "slab_object", summary: "one slab object allocation or free", keyPath: \.slabObject),
        Entry(name: "sysfs_entry", summary: "creating or removing one sysfs directory", keyPath: \.sysfsEntry),
        Entry(name: "cgroup_syscall", summary: "a mkdir or rmdir of a cgroup from user space", keyPath: \.cgroupSyscall),
        Entry(name: "control_file_access", summary: "one read or write of a control file", keyPath: \.controlFileAccess),
        Entry(name: "stat_flush_per_cgroup", summary: "folding one cgroup's per-CPU stats", keyPath: \.statFlushPerCgroup),
        Entry(name: "stat_counter_read", summary: "loading one stats counter in a memory.stat subtree sum (a983b5ebee57: 14 s reads)", keyPath: \.statCounterRead),
        Entry(name: "page_fault", summary: "faulting in one page, charge and LRU add included", keyPath: \.pageFault),
    ]

    /// Overrides one entry by name; `value` is a duration such as `20ms`.
    public mutating func set(_ name: String, to value: String) throws(SimError) {
        guard let entry = Self.entries.first(where: { $0.name == name }) else {
            throw .unknownName(kind: "cost", name: name, valid: Self.entries.map(\.name))
        }
        guard let duration = VirtualDuration(parsing: value) else {
            throw .invalidArgument("cost \(name): expected a duration such as 20ms, 5us or 300ns, got '\(value)'")
        }
        self[keyPath: entry.keyPath] = duration
    }

    /// Applies `NAME=DURATION` overrides in order.
    public mutating func apply(overrides: [String]) throws(SimError) {
        for item in overrides {
            guard let eq = item.firstIndex(of: "=") else {
                throw .invalidArgument("cost override '\(item)': expected NAME=DURATION")
            }
            try set(String(item[..<eq]), to: String(item[item.index(after: eq)...]))
        }
    }
}
