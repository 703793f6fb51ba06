package import KernelSim

/// The page side of the memory controller: every simulated page in a flat
/// table, the per-memcg per-node lruvecs, the per-CPU add batches, the
/// machine's page frames and watermarks, and the swap device. Reclaim
/// (Reclaim/) works on it.
///
/// A page is allocated from a node's free frames, charged to a memcg
/// (`mem_cgroup_charge`), then queued in the CPU's add batch
/// (`folio_add_lru`): it reaches its lruvec's list when the batch fills
/// (15 pages), at `lru_add_drain` (reclaim drains its own CPU first) or
/// when a memcg goes offline (`lru_add_drain_all`).
public final class PageLRU {
    /// The controller owns the page layer and outlives it, so the page
    /// paths reach it without reference counting.
    unowned(unsafe) let controller: MemoryController
    @exclusivity(unchecked) package internal(set) var table = PageTable()
    /// Memcgs by LRU slot (what a page record's `owner` names).
    @exclusivity(unchecked) var owners: [MemCgroup?] = [nil]
    /// Their page-side states by the same slot, for the per-page paths:
    /// unretained, so that reading one costs no reference counting (each
    /// memcg holds its state, and `owners` holds the memcg until the slot
    /// is released).
    @exclusivity(unchecked) var slotStates: [Unmanaged<MemcgLRUState>?] = [nil]
    @exclusivity(unchecked) var freeSlots: [UInt32] = []
    /// Per CPU, the pages waiting to be added (`cpu_fbatches.lru_add`);
    /// flat storage, so that queueing a page pays no copy-on-write check.
    @exclusivity(unchecked) var addBatches: UnsafeGrowableBuffer<FolioBatch>
    /// PAGEVEC_SIZE, later folio_batch's FOLIO_BATCH_SIZE: 15.
    package static let batchSize = FolioBatch.capacity
    /// SWAP_CLUSTER_MAX: reclaim isolates at most this many pages at a time.
    static let swapClusterMax = 32
    /// DEF_PRIORITY: a reclaim pass starts scanning size >> 12.
    package static let defaultPriority = 12

    @exclusivity(unchecked) package internal(set) var host: HostMemory
    /// The swap device, once `swapon` added one.
    @exclusivity(unchecked) package internal(set) var swap: SwapDevice?
    @exclusivity(unchecked) package internal(set) var statistics = PageLRUStatistics()
    /// What happens to a memcg's pages at offline (`Design.offlinePages`).
    let offlinePolicy: any PageOfflinePolicy
    /// What the offline of pages did (reparented, AWOL, loops, splices).
    @exclusivity(unchecked) package internal(set) var offlineStatistics = PageOfflineStatistics()
    /// How long reclaim holds a batch isolated before putting back what it
    /// keeps (the time `shrink_folio_list` takes). Zero puts back at once,
    /// as the model always did; a window lets an offline land between
    /// isolate and putback (`PageLRU+IsolationWindow.swift`). Starts at the
    /// cost model's `reclaim_isolation_window`.
    @exclusivity(unchecked) package var isolationWindow = VirtualDuration.zero
    /// Dying memcgs whose css_free reparenting is queued (2014 RFC).
    @exclusivity(unchecked) var cssFreeQueued: Set<UInt64> = []
    /// vm_swappiness.
    @exclusivity(unchecked) package var swappiness = 60

    /// Told when reclaim frees a page-cache page, so that the page cache
    /// drops it and keeps the shadow entry (`__filemap_remove_folio`).
    @exclusivity(unchecked) var evictionHandlers: [(UInt32, UInt32, Shadow) -> Void] = []
    /// kswapd per node: whether it is awake.
    @exclusivity(unchecked) var kswapdAwake: [Bool]
    /// Pages under writeback, completed by the flusher.
    @exclusivity(unchecked) var writebackPending: [PageID] = []
    @exclusivity(unchecked) var flusherQueued = false
    /// Pre-order of the memcg tree (dying included), rebuilt when cgroups
    /// come or go: `mem_cgroup_iter`'s order.
    @exclusivity(unchecked) var iterOrder = MemcgIterOrder()
    /// What makes reclaim's list of memcgs worth visiting stale.
    let walkChanges = ReclaimWalkChanges()
    /// Virtual time reclaim spent on behalf of whoever reclaimed, not yet
    /// paid (a task pays it when its action ends; kswapd as it goes).
    @exclusivity(unchecked) package internal(set) var owedTime = VirtualDuration.zero
    /// Per parent serial, the protection its children use
    /// (`children_min_usage`, `children_low_usage`), for the current walk.
    @exclusivity(unchecked) var childrenProtected: [UInt64: (min: Int, low: Int)] = [:]
    /// Whether the last `doTryToFreePages` scanned, freed and counted
    /// nothing: the retry loops above it (charge, memory.high, limit writes,
    /// memory.reclaim) skip retries that would only repeat it.
    @exclusivity(unchecked) var lastReclaimWasIdle = false
    /// Whether any memcg has memory.min or memory.low set.
    @exclusivity(unchecked) var protectionInUse = false

    init(controller: MemoryController, offlinePolicy: (any PageOfflinePolicy)? = nil) {
        self.controller = controller
        self.kernel = controller.kernel
        self.stats = controller.stats
        // The one place the design's offline of pages is looked at.
        self.offlinePolicy = offlinePolicy ?? controller.design.offlinePages.makePolicy()
        let kernel = controller.kernel
        var perCPU = UnsafeGrowableBuffer<FolioBatch>(capacity: kernel.cpus)
        perCPU.append(repeating: FolioBatch(), count: kernel.cpus)
        addBatches = perCPU
        host = HostMemory(bytes: kernel.topology.memoryBytes, nodes: kernel.nodes)
        isolationWindow = kernel.costs.reclaimIsolationWindow
        kswapdAwake = Array(repeating: false, count: kernel.nodes)
        controller.addOfflineStep("lru_add_drain_all") { [unowned self] _, done in
            self.lruAddDrainAll()
            done()
        }
        controller.addOfflineStep("reparent_pages", last: true) { [unowned self] memcg, done in
            let started = self.kernel.now
            self.offlinePolicy.offline(memcg, pages: self) { [unowned self] in
                self.offlineStepFinished(startedAt: started)
                done()
            }
        }
        if self.offlinePolicy.watchesDyingReferences {
            controller.dyingReferenceDropped = { [unowned self] memcg in self.offlinePolicy.referenceDropped(memcg, pages: self) }
        }
        controller.addReleaseStep("lruvec") { [unowned self] memcg in
            self.releaseSlot(memcg)
            self.iterOrder.noteReleased(memcg)
        }
    }

    /// The controller's kernel and statistics, held here so that the
    /// per-page paths reach them without reference counting.
    let kernel: Kernel
    let stats: MemcgStats

    /// Registers a page-cache owner's eviction handler; returns its index.
    package func addEvictionHandler(_ handler: @escaping (_ mapping: UInt32, _ index: UInt32, _ shadow: Shadow) -> Void) {
        evictionHandlers.append(handler)
    }

    /// The page-side state of a memcg, made on first use.
    package func state(_ memcg: MemCgroup) -> MemcgLRUState {
        if let state = memcg.lruState { return state }
        let slot: UInt32
        if let reused = freeSlots.popLast() {
            slot = reused
        } else {
            slot = UInt32(owners.count)
            owners.append(nil)
            slotStates.append(nil)
        }
        let state = MemcgLRUState(slot: slot, nodes: kernel.nodes, statsSlot: memcg.statsSlot, walkChanges: walkChanges)
        owners[Int(slot)] = memcg
        slotStates[Int(slot)] = Unmanaged.passUnretained(state)
        state.reach = initialReach(memcg)
        memcg.lruState = state
        return state
    }

    /// The memcg a page is charged to.
    package func owner(of page: PageID) -> MemCgroup {
        owners[Int(table[page].owner)]!
    }

    private func releaseSlot(_ memcg: MemCgroup) {
        guard let state = memcg.lruState else { return }
        if state.lruPages != 0 || state.filePages != 0 || state.swapPages != 0 {
            controller.report(ModelViolation("page-conservation", "\(controller.describe(memcg)) released with pages on its lruvecs"))
        }
        owners[Int(state.slot)] = nil
        slotStates[Int(state.slot)] = nil
        freeSlots.append(state.slot)
    }

    /// Hands over the reclaim time owed so far (the caller pays it).
    package func takeOwedTime() -> VirtualDuration {
        defer { owedTime = .zero }
        return owedTime
    }

}

/// What the page layer did since boot, machine-wide.
package struct PageLRUStatistics: Sendable, Equatable {
    package var faults = 0
    var scanned = 0
    package var reclaimed = 0
    package var kswapdRuns = 0
    var directReclaims = 0
    var swappedOut = 0
    package var swappedIn = 0
    var refaults = 0
    var writebacks = 0
    var oomKills = 0
    var globalOOMs = 0
}

/// A shadow entry: what the page cache keeps where an evicted page was
/// (`workingset_eviction`): the memcg whose reclaim evicted it (the
/// reclaim's target, not necessarily the page's own memcg) by ID, on which
/// node, when on that memcg's lruvec's nonresident clock, and whether it
/// was in the workingset.
package struct Shadow: Sendable, Equatable {
    /// The evicting memcg, for the model's own bookkeeping.
    let memcgSerial: UInt64
    /// The evicting memcg's ID, as the kernel packs it into the shadow.
    package let memcgID: Int
    package let node: Int
    let age: UInt64
    let workingset: Bool
}
