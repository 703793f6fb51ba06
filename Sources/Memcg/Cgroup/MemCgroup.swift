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
    @exclusivity(unchecked) package private(set) var state: CgroupState = .online

    /// The 16-bit memcg ID (1...65535), or 0 once released.
    @exclusivity(unchecked) public internal(set) var id: Int
    /// The kmemcg cache ID: the index of this memcg in arrays indexed by
    /// cache ID (per-memcg caches, eager list_lru). Held from online to
    /// offline; nil for the root and once offline.
    @exclusivity(unchecked) var cacheID: Int?
    /// The css reference count. Starts at 1: the base reference, which
    /// rmdir kills and the end of the offline drops (held while `state` is
    /// `.online` or `.killed`).
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

    /// Its place in the controller's list of online cgroups, given when it
    /// comes online; meaningful only while `state` is `.online` (the slot
    /// is a hole in the list from rmdir on).
    @exclusivity(unchecked) var onlineSlot = 0
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
        self.id = id
        self.statsSlot = statsSlot
    }

    public var isRoot: Bool { parent == nil }
    public var isOnline: Bool { state == .online }

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
    /// Enters `next` if it follows the current state (`CgroupState.successor`);
    /// otherwise changes nothing and returns false. The only way the state
    /// changes: `MemoryController.transition` records a refused move.
    func enter(_ next: CgroupState) -> Bool {
        guard state.successor == next else { return false }
        state = next
        return true
    }
}
