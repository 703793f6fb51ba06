import KernelSim

/// A memory cgroup: the cgroup's memory css together with its
/// `struct mem_cgroup`.
///
/// The model keeps one reference count per cgroup, the memory css's: the
/// cgroup core's own css and the memory css live and die together here.
public final class MemCgroup {
    /// The directory name; "" for the root.
    public let name: String
    public let parent: MemCgroup?
    /// Creation order, unique for the life of the controller.
    public let serial: UInt64
    /// Where it is in its life; while online, also its place in the
    /// controller's list of online cgroups. Changed only through
    /// `MemoryController.transition` and `moveOnline`, which check the move.
    @exclusivity(unchecked) package private(set) var state: CgroupState = .allocated

    /// The memcg ID's life: held from mkdir until `mem_cgroup_id_remove()`.
    @exclusivity(unchecked) package fileprivate(set) var idState: MemcgIDState
    /// The kmemcg cache ID's life, where the design takes one
    /// (`KmemcgCacheIDState`).
    @exclusivity(unchecked) package fileprivate(set) var cacheIDState = KmemcgCacheIDState.unassigned
    /// The css reference count. Starts at 1: the base reference, which
    /// rmdir kills and the end of the offline drops (held while `state` is
    /// online or killed).
    @exclusivity(unchecked) public internal(set) var references: Int = 1
    /// References held by subsystems other than pages, stocks and children
    /// (caches, objcgs), as those subsystems declare them.
    @exclusivity(unchecked) var externalReferences = 0

    @exclusivity(unchecked) public internal(set) var memory = PageCounter()
    @exclusivity(unchecked) var events = MemoryEvent.Counts(repeating: 0)
    @exclusivity(unchecked) var eventsLocal = MemoryEvent.Counts(repeating: 0)

    /// Live children by name (compared as bytes). A dying child is no
    /// longer in its parent's namespace, so its name can be reused at once.
    @exclusivity(unchecked) package internal(set) var children: [CgroupName: MemCgroup] = [:]
    /// `cgroup.stat` nr_descendants: live descendants.
    @exclusivity(unchecked) package internal(set) var liveDescendants = 0
    /// `cgroup.stat` nr_dying_descendants: descendants removed by rmdir
    /// whose cgroup is not yet released. Counted from rmdir
    /// (`cgroup_destroy_locked`) until the cgroup's own release, which
    /// follows the freeing of its memory css (`css_free_rwork_fn` puts the
    /// cgroup, then `css_release_work_fn` of the cgroup decrements).
    @exclusivity(unchecked) public internal(set) var dyingDescendants = 0
    /// `cgroup.stat` nr_dying_subsys_memory, less this cgroup's own css:
    /// descendants' memory csses killed by rmdir (`kill_css`, since
    /// 13e786b64bd3) and not yet released (`css_release_work_fn`).
    @exclusivity(unchecked) public internal(set) var dyingSubsysMemory = 0
    /// Virtual time of the rmdir that killed it (nil while online): the
    /// age `/sys/kernel/debug/memcg/dying` prints.
    @exclusivity(unchecked) var removedAt: VirtualTime?
    /// `mem_cgroup_id.ref`: the online state's reference and one per swap
    /// entry recorded with this ID. Under `memcgIDRelease=atOffline` the
    /// ID returns to the allocator when this drops to 0, so swapped-out
    /// pages of a removed cgroup keep its ID (73f576c04b94, 4.8).
    @exclusivity(unchecked) var idReferences = 1

    /// Tasks attached (`cgroup.procs`).
    @exclusivity(unchecked) public internal(set) var taskCount = 0
    /// Whether `+memory` is in `cgroup.subtree_control`.
    @exclusivity(unchecked) public internal(set) var subtreeControlMemory = false
    /// Whether `-memory` was written last: the children lose the memory
    /// controller (see `MemCgroup+SubtreeControl.swift`).
    @exclusivity(unchecked) public internal(set) var subtreeControlMemoryRemoved = false

    /// Bytes of kernel objects charged to this cgroup that do not fill a
    /// whole charged page: the part of the last charged page still free.
    @exclusivity(unchecked) var kmemSpareBytes = 0
    /// Anonymous pages charged here (kept exactly, beside the statistics).
    @exclusivity(unchecked) public internal(set) var anonPages = 0
    /// Whole slab pages charged here by caches this memcg owns:
    /// [unreclaimable, reclaimable].
    @exclusivity(unchecked) public internal(set) var slabPages: InlineArray<2, Int> = [0, 0]
    /// Kernel-memory bytes charged through objcgs that charge this memcg
    /// now, by kind: they move to the parent with the objcgs at offline.
    @exclusivity(unchecked) var objcgKernelBytes = KernelMemoryKind.Bytes(repeating: 0)
    /// Kernel-memory bytes charged here, by kind (`KernelMemoryKind`).
    @exclusivity(unchecked) package internal(set) var kernelBytes = KernelMemoryKind.Bytes(repeating: 0)

    /// Kernel-memory bytes of one kind this memcg pays for now, charged
    /// directly or through objcgs.
    package func kernelMemoryBytes(_ kind: KernelMemoryKind) -> Int {
        kernelBytes[kind.rawValue] + objcgKernelBytes[kind.rawValue]
    }
    /// Kernel-memory bytes charged here directly, all kinds together.
    var directKernelBytes: Int {
        var total = 0
        for kind in kernelBytes.indices { total += kernelBytes[kind] }
        return total
    }
    /// Whole pages charged here directly for kernel memory: those behind
    /// the byte charges (with the spare part of the last one), and slab
    /// pages of caches this memcg owns. The `kernel` item counts these.
    var directKernelPages: Int {
        (directKernelBytes + kmemSpareBytes) / PageSize.bytes + slabPages[0] + slabPages[1]
    }
    /// This cgroup's own structures (charged to its parent), to give back when it is freed.
    @exclusivity(unchecked) var ownStructures: MemcgStructures?
    /// Its kernel-memory state (objcgs, child caches), made on first use.
    @exclusivity(unchecked) var kmemState: MemcgKmemState?
    /// Its page state (lruvecs, page cache, swap, protection), made on first use.
    @exclusivity(unchecked) var lruState: MemcgLRUState?

    /// Where this cgroup's statistics live.
    public let statsSlot: StatsSlot
    /// Where this memcg's items go on the list_lrus (ListLRU/).
    let listLRUKey = MemcgListLRUKey()
    /// Per node, the shrinker bitmap and deferred counts (`shrinker_info`);
    /// empty until a shrinker first needs them.
    @exclusivity(unchecked) var shrinkerInfo: [ShrinkerInfo] = []

    init(name: String, parent: MemCgroup?, serial: UInt64, id: Int, statsSlot: StatsSlot) {
        self.name = name
        self.parent = parent
        self.serial = serial
        self.idState = .held(id)
        self.statsSlot = statsSlot
    }

    public var isRoot: Bool { parent == nil }
    public var isOnline: Bool { state.isOnline }

    /// The 16-bit memcg ID (1...65535) while held; nil once removed
    /// (`mem_cgroup_id_remove()`).
    public var id: Int? { idState.id }
    /// `mem_cgroup_id()`: the memcg ID, or 0 once removed, as swap and
    /// shadow entries record it.
    package var recordedID: Int { idState.recorded }
    /// The kmemcg cache ID while held: the index of this memcg in arrays
    /// indexed by cache ID (per-memcg caches, eager list_lru). Held from
    /// mkdir to the offline where the design takes one; nil otherwise.
    var cacheID: Int? { cacheIDState.id }

    /// The cgroupfs path, e.g. `/a/b`; `/` for the root.
    public var path: String {
        guard let parent else { return "/" }
        return parent.isRoot ? "/" + name : parent.path + "/" + name
    }

    /// Depth below the root (root is 0).
    public var depth: Int {
        var depth = 0
        var node = parent
        while let n = node { depth += 1; node = n.parent }
        return depth
    }

    package func eventCount(_ event: MemoryEvent, local: Bool = false) -> Int {
        local ? eventsLocal[event.rawValue] : events[event.rawValue]
    }

    /// This cgroup and its ancestors, nearest first.
    var selfAndAncestors: UnfoldSequence<MemCgroup, (MemCgroup?, Bool)> {
        sequence(first: self, next: { $0.parent })
    }
}

extension MemCgroup {
    /// Enters `next` if it follows the current state (`CgroupState.mayEnter`);
    /// otherwise changes nothing and returns false. With `moveOnline`, the
    /// only way the state changes: `MemoryController.transition` records a
    /// refused move.
    @inline(__always)
    func enter(_ next: CgroupState) -> Bool {
        guard state.mayEnter(next) else { return false }
        state = next
        return true
    }

    /// Moves an online cgroup to another place on the online list; changes
    /// nothing and returns false if it is not online.
    @inline(__always)
    func moveOnline(toSlot slot: Int) -> Bool {
        guard state.isOnline else { return false }
        state = .online(slot: slot)
        return true
    }

    /// Takes `id` as the cache ID if none was ever taken; otherwise
    /// changes nothing and returns false.
    func assignCacheID(_ id: Int) -> Bool {
        guard case .unassigned = cacheIDState else { return false }
        cacheIDState = .held(id)
        return true
    }

    /// Gives the held cache ID back and returns it; nil, changing
    /// nothing, when none is held.
    func releaseCacheID() -> Int? {
        guard case .held(let id) = cacheIDState else { return nil }
        cacheIDState = .released
        return id
    }

    /// Removes the memcg ID and returns it; nil, changing nothing, when it
    /// was removed already.
    func removeID() -> Int? {
        guard case .held(let id) = idState else { return nil }
        idState = .removed
        return id
    }
}
