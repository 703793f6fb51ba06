/// What each modelled kernel operation costs in virtual time.
///
/// The defaults are figures of the right order for a two-socket x86 server
/// of the seed threads' era (2016-2019); none is a measurement of one
/// machine. Each says where it comes from: a published measurement, a
/// kernel changelog, or, where no figure was published, an estimate built
/// from the ones that were (said so). Every latency the model reports is a
/// sum of these, so a reader who disagrees with one can override it
/// (`--cost NAME=DURATION` on the command line) and see how far the
/// conclusion moves.
///
/// Sources cited below:
/// - [Dean]: Jeff Dean's "Latency numbers every programmer should know"
///   (2009-2012): L2 reference 7 ns, mutex lock/unlock 25 ns, main memory
///   reference 100 ns, context switch 4.3 us.
/// - [perfbook]: Paul McKenney, "Is Parallel Programming Hard, And, If So,
///   What Can You Do About It?": normal RCU grace periods "extend for
///   multiple milliseconds".
/// - [slub-bulk]: the changelog of "slub bulk alloc: extract objects from
///   the per cpu slab" (Christoph Lameter, merged for 4.2), measured by
///   Jesper Dangaard Brouer: SLUB fast path alloc+free 42 cycles, 10.5 ns,
///   on an i7-4790K at 4 GHz.
public struct CostModel: Hashable, Sendable {
    /// One RCU grace period (synchronize_rcu / synchronize_sched), from its
    /// start until the callbacks queued before it may run. [perfbook]:
    /// several milliseconds; 20 ms is a few scheduler ticks at HZ=250 on a
    /// busy server.
    public var gracePeriod: VirtualDuration = .milliseconds(20)
    /// Running one RCU callback in softirq context. An estimate: two
    /// main-memory references ([Dean], 100 ns each), the rcu_head and the
    /// object it frees or requeues.
    var rcuCallback: VirtualDuration = .nanoseconds(200)
    /// Waking a worker and running an empty work item: a context switch,
    /// 4.3 us in [Dean], rounded up.
    public var workItem: VirtualDuration = .microseconds(5)
    /// Handing a kernel mutex to its next holder: twice [Dean]'s
    /// uncontended lock/unlock (25 ns), for the cache line moving between
    /// CPUs.
    public var mutexAcquire: VirtualDuration = .nanoseconds(50)
    /// Visiting one node of a short or recently walked kernel list (LRU
    /// pages, list_lru items, the rstat tree): a hit in the last-level
    /// cache, about three times [Dean]'s 7 ns L2 reference.
    public var listNodeVisit: VirtualDuration = .nanoseconds(20)
    /// Visiting one `struct kmem_cache` on a walk of a slab cache list
    /// (slab_caches, slab_root_caches, a root's children, a memcg's caches):
    /// each step loads the next cache through the list pointer, and a list
    /// of hundreds of thousands of caches (about 1 KiB each with their
    /// kmem_cache_node) outgrows every CPU cache, so the walk is a chain of
    /// dependent misses: [Dean]'s main memory reference, 100 ns.
    public var cacheListNodeVisit: VirtualDuration = .nanoseconds(100)
    /// Checking one CPU's per-CPU slab of a cache in flush_all, which
    /// every shrink and shutdown of a SLUB cache runs (__kmem_cache_shrink
    /// at deactivation, __kmem_cache_shutdown at destruction, 4.0 to 5.8):
    /// on_each_cpu_cond(has_cpu_slab) reads the cache's kmem_cache_cpu on
    /// every online CPU before it sends any IPI. A dying cache has not been
    /// used since its memcg went offline, so each read is [Dean]'s main
    /// memory reference, 100 ns; the IPIs to CPUs that still hold a per-CPU
    /// slab are not priced (the model keeps no per-CPU slabs).
    public var perCPUSlabCheck: VirtualDuration = .nanoseconds(100)
    /// What an rcu_barrier() waits when none of the model's own RCU
    /// callbacks is in flight (`Kernel.rcuBarrier`). A busy host always has
    /// callbacks queued (freed files, dentries, task structs), and
    /// rcu_barrier entrains one behind those of every CPU that has any
    /// (rcu_barrier and rcu_barrier_func in kernel/rcu/tree.c), so it waits
    /// for a grace period: `gracePeriod`'s 20 ms. 657dc2f97220 (4.11) moved
    /// memcg cache release off it because "rcu_barrier() is expensive
    /// time-wise". Zero makes an idle model's barrier return at once.
    public var hostRCUBarrier: VirtualDuration = .milliseconds(20)
    /// Charging or uncharging one page against a page counter hierarchy.
    /// No path prices it on its own yet: a page fault's charge is in
    /// `pageFault`, a slab page's in `slabObject`. An estimate: an atomic
    /// add per level, about [Dean]'s uncontended lock (25 ns) for two levels.
    public var pageCharge: VirtualDuration = .nanoseconds(40)
    /// Allocating or freeing one slab object on the fast path: [slub-bulk]
    /// measured 10.5 ns for an alloc+free pair at 4 GHz; 30 ns a call
    /// allows for a 2-2.5 GHz server core and the memcg hooks.
    public var slabObject: VirtualDuration = .nanoseconds(30)
    /// Creating or removing one sysfs/kernfs directory with its files. An
    /// estimate: a SLUB cache's directory has about 50 attribute files
    /// (mm/slub.c slab_attrs), each a kernfs_node allocated, linked into an
    /// rbtree and given an inode number, a few hundred ns each.
    public var sysfsEntry: VirtualDuration = .microseconds(20)
    /// A mkdir or rmdir of a cgroup from user space: the time the system
    /// call takes, during which the rest of the kernel runs on. An
    /// estimate: the directory and its control files in kernfs (about 30
    /// memory.* and cgroup.* files, as `sysfsEntry`) plus the css
    /// allocations.
    public var cgroupSyscall: VirtualDuration = .microseconds(30)
    /// Reading or writing one control file from user space: a system call
    /// (105 ns in [Dean]) plus a seq_file's page of formatted text; an
    /// estimate.
    public var controlFileAccess: VirtualDuration = .microseconds(2)
    /// Folding one cgroup's per-CPU counters during a statistics flush. An
    /// estimate: one cache miss per CPU's counter block ([Dean], 100 ns)
    /// for a few CPUs with pending updates.
    public var statFlushPerCgroup: VirtualDuration = .nanoseconds(300)
    /// Loading one statistics counter while a memory.stat read sums a
    /// subtree: mostly a cache miss on another CPU's per-CPU area. From
    /// a983b5ebee57's changelog: top-level reads of up to 14 s with tens of
    /// thousands of dying cgroups, ~70 items and 64-128 possible CPUs, i.e.
    /// some 30-80 ns a counter.
    public var statCounterRead: VirtualDuration = .nanoseconds(50)
    /// Faulting in one page: allocation, zeroing or reading, mapping (the
    /// charge and the LRU add are in it). An estimate: clearing 4 KiB at
    /// about 10 GB/s is 400 ns, plus the fault entry and the page table
    /// update.
    public var pageFault: VirtualDuration = .nanoseconds(500)
    /// How long reclaim holds a batch of pages isolated from their LRU
    /// list before it puts back what it keeps (shrink_folio_list's time).
    /// Zero puts them back at once; a window lets other work (a memcg's
    /// offline) run between isolate and putback. Not a kernel figure: the
    /// default 0 keeps reclaim's isolate and putback in one step, and the
    /// fuzz campaign sets 25 ms so that removals land inside the window.
    public var reclaimIsolationWindow: VirtualDuration = .zero

    public init() {}

    /// One named, documented entry of the cost model.
    package struct Entry: Sendable {
        package let name: String
        package let summary: String
        /// Where the default comes from, in a line.
        package let source: String
        package let keyPath: any WritableKeyPath<CostModel, VirtualDuration> & Sendable
    }

    /// Every entry, in a stable order, for listing and overriding by name.
    package static let entries: [Entry] = [
        Entry(name: "grace_period", summary: "one RCU grace period",
              source: "McKenney's perfbook: grace periods last several ms", keyPath: \.gracePeriod),
        Entry(name: "rcu_callback", summary: "running one RCU callback",
              source: "estimate: two main-memory references (Dean, 100 ns)", keyPath: \.rcuCallback),
        Entry(name: "work_item", summary: "waking a worker for one work item",
              source: "a context switch, 4.3 us (Dean)", keyPath: \.workItem),
        Entry(name: "mutex_acquire", summary: "handing a mutex to its next holder",
              source: "twice an uncontended lock/unlock, 25 ns (Dean)", keyPath: \.mutexAcquire),
        Entry(name: "list_node_visit", summary: "visiting one node of a short or warm list",
              source: "a last-level cache hit, ~3x an L2 reference of 7 ns (Dean)", keyPath: \.listNodeVisit),
        Entry(name: "cache_list_node_visit", summary: "visiting one kmem_cache on a walk of a slab cache list",
              source: "a dependent DRAM miss, main memory reference 100 ns (Dean)", keyPath: \.cacheListNodeVisit),
        Entry(name: "per_cpu_slab_check", summary: "flush_all reading one CPU's per-CPU slab of a cache at shrink or shutdown",
              source: "on_each_cpu_cond(has_cpu_slab) in mm/slub.c reads every online CPU's kmem_cache_cpu: a DRAM miss each, 100 ns (Dean)",
              keyPath: \.perCPUSlabCheck),
        Entry(name: "host_rcu_barrier", summary: "an rcu_barrier while the model has no RCU callback in flight (0: at once)",
              source: "a busy host always has callbacks queued, and _rcu_barrier waits behind them: one grace period, 20 ms; 657dc2f97220: rcu_barrier() is expensive",
              keyPath: \.hostRCUBarrier),
        Entry(name: "page_charge", summary: "charging one page up the hierarchy (not priced on its own yet)",
              source: "estimate: an atomic add per level", keyPath: \.pageCharge),
        Entry(name: "slab_object", summary: "one slab object allocation or free",
              source: "SLUB fast path alloc+free 10.5 ns at 4 GHz ('slub bulk alloc' changelog, 4.2), x3 for a server core and memcg hooks",
              keyPath: \.slabObject),
        Entry(name: "sysfs_entry", summary: "creating or removing one sysfs directory",
              source: "estimate: ~50 kernfs files per SLUB cache, a few hundred ns each", keyPath: \.sysfsEntry),
        Entry(name: "cgroup_syscall", summary: "a mkdir or rmdir of a cgroup from user space",
              source: "estimate: ~30 kernfs files and the css allocations", keyPath: \.cgroupSyscall),
        Entry(name: "control_file_access", summary: "one read or write of a control file",
              source: "estimate: a system call (105 ns, Dean) and a seq_file page", keyPath: \.controlFileAccess),
        Entry(name: "stat_flush_per_cgroup", summary: "folding one cgroup's per-CPU stats",
              source: "estimate: a cache miss (100 ns, Dean) per CPU block, a few CPUs", keyPath: \.statFlushPerCgroup),
        Entry(name: "stat_counter_read", summary: "loading one stats counter in a memory.stat subtree sum",
              source: "a983b5ebee57: reads of up to 14 s, tens of thousands of cgroups x ~70 items x CPUs: 30-80 ns a counter",
              keyPath: \.statCounterRead),
        Entry(name: "page_fault", summary: "faulting in one page, charge and LRU add included",
              source: "estimate: clearing 4 KiB at ~10 GB/s (400 ns) plus entry and PTE", keyPath: \.pageFault),
        Entry(name: "reclaim_isolation_window", summary: "reclaim holding an isolated batch before putback (0: at once)",
              source: "not a kernel figure: a window for interleaving; 0 by default, 25 ms in fuzz runs", keyPath: \.reclaimIsolationWindow),
    ]

    /// The entries as `--help` lists them: name, default, what, source.
    package static var helpText: String {
        entries.map { entry in
            "\(entry.name)=\(CostModel()[keyPath: entry.keyPath]): \(entry.summary) [\(entry.source)]"
        }.joined(separator: "\n")
    }

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
