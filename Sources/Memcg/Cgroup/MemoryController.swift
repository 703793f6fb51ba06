public import KernelSim

/// The memory controller of one simulated kernel: the memcg hierarchy,
/// its lifecycle, charging and the per-CPU charge stocks.
///
/// Subsystems (slab, list_lru, statistics) hook their work into the
/// lifecycle with `addOfflineStep` and `addReleaseStep`, in the order the
/// kernel's `mem_cgroup_css_offline` and `css_released` run them.
public final class MemoryController {
    public let kernel: Kernel
    public let design: Design
    /// When a memcg gives its ID back (the `memcgIDRelease` design).
    let idLifetime: MemcgIDLifetime
    /// Where a memcg's kmemcg ID comes from (`design.kmemcgIDSource`).
    let kmemcgIDAssignment: KmemcgIDAssignment
    /// Who pays for a memcg's own structures (the `memcgMetadata` design).
    let metadataCharging: MemcgMetadataCharging
    public let root: MemCgroup
    /// Per-CPU statistics behind memory.stat, under the design's scheme.
    public let stats: MemcgStats

    /// `cgroup_mutex`: held by mkdir, rmdir and the offline and release work.
    package let cgroupMutex: KernelMutex
    /// `cgroup_destroy_wq`: where offline and release work runs (max_active 1).
    package let destroyWorkqueue: Workqueue

    @exclusivity(unchecked) var memcgIDs = IDAllocator(range: 1...MemoryController.memcgIDMax)
    /// kmemcg cache IDs (memcg_cache_ida): 0...65534, held from online to offline.
    @exclusivity(unchecked) var kmemcgIDs = IDAllocator(range: 0...65_534)
    @exclusivity(unchecked) var cacheIDArraySizeStorage = 0
    @exclusivity(unchecked) var cacheIDArrayGrowthHooks: [(Int) -> Void] = []
    /// Every cgroup created, in creation order; freed ones are dropped
    /// lazily (`freedInRegistry` counts them) so that listing stays linear.
    @exclusivity(unchecked) var registry: [MemCgroup] = []
    @exclusivity(unchecked) var freedInRegistry = 0
    @exclusivity(unchecked) var nextSerial: UInt64 = 0
    @exclusivity(unchecked) var stocks: ChargeStocks
    /// How many times a cgroup's usage rose from zero (reclaim's walk
    /// skips cgroups with nothing charged; see `MemcgIterOrder`).
    @exclusivity(unchecked) var usageRaisedFromZero = 0
    @exclusivity(unchecked) var offlineSteps: [OfflineStep] = []
    /// How many of `offlineSteps`, at its end, were registered `last`.
    @exclusivity(unchecked) var lastOfflineSteps = 0
    @exclusivity(unchecked) var releaseSteps: [ReleaseStep] = []
    @exclusivity(unchecked) var freeSteps: [OfflineStep] = []
    @exclusivity(unchecked) var chargeFailureReclaim: ((MemCgroup, Int) -> Int)?
    /// Told of every css_put on a dying memcg, when the page layer's
    /// offline design asks to be (the 2014 RFC's css_free).
    @exclusivity(unchecked) var dyingReferenceDropped: ((MemCgroup) -> Void)?
    /// The OOM killer the workload layer installs (Reclaim/MemoryController+OOM.swift).
    @exclusivity(unchecked) var oomKiller: ((MemCgroup?) -> OOMKillOutcome)?
    /// Pages charged over `memory.high` since the charging task last
    /// returned to user space (`current->memcg_nr_pages_over_high`). The
    /// task table saves and restores it when kernel work runs between the
    /// steps of a task's action, as the count is the task's own.
    @exclusivity(unchecked) public var pagesOverHigh = 0
    // list_lru, shrinkers and the slab allocator their metadata comes from
    // (ListLRU/, Shrinker/), created on first use. INTEGRATION: the kmem
    // accounting layer owns a slab allocator too; reconcile `slab` with it.
    @exclusivity(unchecked) var listLRUStorage: ListLRURegistry?
    @exclusivity(unchecked) var shrinkerStorage: ShrinkerRegistry?

    /// Names a cgroup cannot take because a control file has them: the
    /// kernel's kernfs would find the file already there (EEXIST).
    @exclusivity(unchecked) public var reservedNames: Set<String> = []

    /// Every rule the model broke, in order. Empty in a correct run.
    @exclusivity(unchecked) public internal(set) var violations: [ModelViolation] = []

    /// Cgroups created, taken offline and freed since boot.
    @exclusivity(unchecked) public internal(set) var lifetime = (created: 0, offlined: 0, released: 0, freed: 0)

    /// The kernel-memory layer: slab caches wired to charging (per-memcg
    /// caches or objcg, by `design.slabAccounting`). Made at init, so its
    /// offline and release steps come first.
    public private(set) lazy var kmem = KmemAccounting.make(for: self)
    /// The pages: lruvecs, add batches, host memory, swap (LRU/, Reclaim/).
    public private(set) lazy var pages = PageLRU(controller: self)

    public init(kernel: Kernel, design: Design) {
        self.kernel = kernel
        self.design = design
        idLifetime = design.memcgIDRelease.lifetime
        kmemcgIDAssignment = design.kmemcgIDSource.assignment
        metadataCharging = design.memcgMetadata.charging
        cgroupMutex = kernel.makeMutex("cgroup_mutex")
        destroyWorkqueue = kernel.makeWorkqueue("cgroup_destroy", maxActive: 1)
        stocks = ChargeStocks(cpus: kernel.cpus)
        stats = MemcgStats(kernel: kernel, scheme: design.vmstat, batch: design.chargeBatch.pages, table: design.memoryStat)
        let rootID = memcgIDs.allocate()!
        root = MemCgroup(name: "", parent: nil, serial: 0, id: rootID, statsSlot: stats.addCgroup(parent: nil))
        root.subtreeControlMemory = true
        registry.append(root)
        addOnline(root)
        nextSerial = 1
        for point in FaultPoints.all { kernel.faults.register(point) }
        _ = kmem
        _ = pages
    }

    /// Registers work to run when a cgroup goes offline, after the
    /// controller's own (stock drain). `done` must be called when finished;
    /// it may be called many events later.
    ///
    /// A step registered `last` runs after every other one, whenever they
    /// were registered: the reparenting of pages, which in the kernel
    /// comes after the kmem and list_lru work of `mem_cgroup_css_offline`
    /// and may take virtual time that they must not wait behind.
    public func addOfflineStep(_ name: String, last: Bool = false, _ step: @escaping (MemCgroup, @escaping () -> Void) -> Void) {
        if last {
            offlineSteps.append(OfflineStep(name: name, run: step))
            lastOfflineSteps += 1
        } else {
            offlineSteps.insert(OfflineStep(name: name, run: step), at: offlineSteps.count - lastOfflineSteps)
        }
    }

    /// Registers work to run when a cgroup's last reference is dropped,
    /// before the grace period that precedes its freeing.
    func addReleaseStep(_ name: String, _ step: @escaping (MemCgroup) -> Void) {
        releaseSteps.append(ReleaseStep(name: name, run: step))
    }

    /// Registers work to run at css_free (`mem_cgroup_css_free`), on the
    /// cgroup destroy workqueue a grace period after the release, before
    /// the memcg is freed. The step may block (`done` may be called many
    /// events later), and the workqueue's one worker waits with it.
    func addFreeStep(_ name: String, _ step: @escaping (MemCgroup, @escaping () -> Void) -> Void) {
        freeSteps.append(OfflineStep(name: name, run: step))
    }

    /// Replaces the reclaim that a charge over the limit asks for (by
    /// default the page layer's `tryToFreeMemcgPages`): given the cgroup
    /// over its limit and the pages wanted, it returns how many pages it freed.
    func setChargeReclaim(_ reclaim: @escaping (MemCgroup, Int) -> Int) {
        chargeFailureReclaim = reclaim
    }

    func report(_ violation: ModelViolation) {
        violations.append(violation)
    }

    /// Every cgroup not yet freed (online, dying or released), in creation order.
    public var allCgroups: [MemCgroup] {
        registry.filter { !$0.state.isFreed }
    }

    /// Every online cgroup, the root first, in creation order.
    public var onlineCgroups: [MemCgroup] { onlineSlots.compactMap { $0 } }
    /// The online cgroups in creation order, with a hole where each went
    /// offline, so that rmdir need not search: holes are squeezed out
    /// when they are the majority.
    @exclusivity(unchecked) var onlineSlots: [MemCgroup?] = []
    @exclusivity(unchecked) var onlineHoles = 0

    /// Cgroups removed by rmdir but not yet freed.
    public var dyingCgroupCount: Int { lifetime.created - lifetime.freed - (root.liveDescendants) }

    /// memcg IDs in use (live and, under `atRelease`, dying).
    public var memcgIDsInUse: Int { memcgIDs.inUse }
}

// Lifecycle steps (offline and free steps share a shape) are structs rather than tuples: a closure in a tuple
// inside an array is stored reabstracted, and every call through it would
// allocate a thunk.
struct OfflineStep {
    let name: String
    let run: (MemCgroup, _ done: @escaping () -> Void) -> Void
}

struct ReleaseStep {
    let name: String
    let run: (MemCgroup) -> Void
}

/// The fault points of the memory controller.
package enum FaultPoints {
    /// A page-counter charge fails as if the limit were hit (ENOMEM).
    static let charge = FaultInjector.Point(name: chargeName, summary: "a charge fails as if over memory.max (ENOMEM)")
    /// `charge`'s name, as a literal: the charge on every page fault asks
    /// the injector by it, without the one-time-initialisation check that
    /// reading the static `charge` costs.
    @inline(__always)
    static var chargeName: String { "memcg.charge" }
    /// Allocating a new memcg's structures fails (mkdir returns ENOMEM).
    static let cssAlloc = FaultInjector.Point(name: "memcg.css_alloc", summary: "allocating a new memcg fails (mkdir gets ENOMEM)")

    package static let all = [charge, cssAlloc]
}

extension MemoryController {
    /// Brings an allocated cgroup online (`online_css`) at the end of the
    /// online list.
    func addOnline(_ memcg: MemCgroup) {
        guard transition(memcg, to: .online(slot: onlineSlots.count)) else { return }
        onlineSlots.append(memcg)
    }

    /// Leaves a hole where an online cgroup that rmdir is about to kill
    /// was; squeezes the holes out when they are the majority, which keeps
    /// this O(1) amortized.
    func removeOnline(_ memcg: MemCgroup) {
        guard let slot = memcg.state.onlineSlot else { return }
        onlineSlots[slot] = nil
        onlineHoles += 1
        guard onlineHoles > 64, onlineHoles * 2 > onlineSlots.count else { return }
        onlineSlots.removeAll { $0 == nil }
        for (slot, memcg) in onlineSlots.enumerated() {
            if let memcg { moveOnline(memcg, toSlot: slot) }
        }
        onlineHoles = 0
    }

    /// Notes that a registered cgroup was freed; compacts the registry when
    /// freed entries are the majority.
    func unregister(_ memcg: MemCgroup) {
        freedInRegistry += 1
        if freedInRegistry > 64, freedInRegistry * 2 > registry.count {
            registry.removeAll { $0.state.isFreed }
            freedInRegistry = 0
        }
    }
}
