package import KernelSim

/// What one removed, not yet freed memcg still holds, and what holds it:
/// a line of `/sys/kernel/debug/memcg/dying`.
///
/// The kernel has no such file; the facts are the ones `css_release`
/// waits for (the css reference count) broken down by holder, with the
/// pages by LRU list, so that "what is keeping my deleted cgroups alive?"
/// has an answer per cgroup.
public struct DyingCgroupFacts: Sendable, Equatable {
    public var path: String
    /// Creation serial: tells apart dying cgroups that had the same path.
    public var serial: UInt64
    package var state: CgroupState
    /// Virtual time since its rmdir.
    package var age: VirtualDuration
    /// Its memcg ID; nil once given back (`mem_cgroup_id_remove()`).
    public var id: Int?
    /// Pages on its lruvecs (all nodes), by list, in `LRUList` order.
    package var lruPages: [Int]
    /// Its pages waiting in a CPU's add batch (on no list yet).
    package var batchedPages: Int
    /// Its pages isolated by reclaim at this moment.
    package var isolatedPages: Int
    /// Live slab objects charged to it (child caches, objcgs charging it).
    public var slabObjects: Int
    /// Swap entries recorded with it.
    package var swapEntries: Int
    /// Kernel-stack bytes charged to it.
    public var kernelStackBytes: Int
    /// Pages charged to it and not to a descendant (memory.current less its
    /// children's), in bytes. Pages that reparented kernel memory left on
    /// its counter are not counted: they charge the ancestor that holds
    /// the objcg or cache now (`KmemAccounting.strandedPages(of:)`).
    public var chargedBytes: Int
    /// Its own `struct mem_cgroup`, per-node and per-CPU areas, in bytes
    /// (in memory whether or not the design charges them to the parent).
    public var structureBytes: Int
    /// The css reference count.
    public var references: Int
    /// What holds the references, in `DyingCgroupFacts.holderNames` order;
    /// they add up to `references`.
    public var holders: [Int]

    /// The holders of a css reference the model tells apart: the base
    /// reference until offline completes, anon pages, page-cache pages,
    /// socket-buffer pages, swap entries, whole pages behind kernel-memory
    /// charges, CPU charge stocks caching it, children not yet freed, the
    /// kmem layer (child caches, objcgs, queued work), anything else a
    /// subsystem declared.
    public static let holderNames = ["base", "anon", "file", "sock", "swap", "kernel", "stock", "children", "kmem", "other"]

    /// Memory the dying cgroup keeps from the rest of the machine: its
    /// charged pages and its own structures.
    var heldBytes: Int { chargedBytes + structureBytes }
}
