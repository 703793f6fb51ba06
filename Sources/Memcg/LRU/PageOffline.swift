/// What happens to a memcg's pages when it goes offline: the replaceable
/// step of the offline path that seed 003 argues about. One type per
/// design (`LRU/Offline/`), picked from `Design.offlinePages` where the
/// page layer is built; callers never branch on the design.
///
/// Every design first drains the per-CPU add batches
/// (`lru_add_drain_all`), so that no page of the memcg waits off its lists.
/// The hooks are the places the designs differ: the offline step itself,
/// the page-to-lruvec lookup (a putback of an isolated page, a batch
/// drain), and a reference dropped on a dying memcg (what lets a design
/// whose pages did not pin the css run its css_free work).
protocol PageOfflinePolicy {
    /// The design's name, for reports.
    var name: String { get }
    /// Whether reclaim's memcg walk visits a memcg after its offline step.
    var reclaimVisitsDyingMemcgs: Bool { get }
    /// Whether pages may be AWOL under this design (only the 2014 RFC).
    var allowsAWOLPages: Bool { get }
    /// Runs at `mem_cgroup_css_offline`, with cgroup_mutex held, after the
    /// batches are drained and after the other offline steps (kmem,
    /// list_lru); calls `done` when the step is over, which
    /// may be many events later (the mutex stays held until then).
    func offline(_ memcg: MemCgroup, pages: PageLRU, done: @escaping () -> Void)
    /// The page-to-lruvec lookup (`folio_lruvec`) for a page charged to
    /// `memcg`, whose offline step has run, about to go on a list: the
    /// memcg whose lruvec takes it. Anything but `memcg` moves the page and
    /// its charge there first.
    func lruvecOwner(of memcg: MemCgroup, pages: PageLRU) -> MemCgroup
    /// A page-to-lruvec lookup (`folio_lruvec_lock`: a putback, a batch
    /// drain, a free) for a page of `memcg` while its offline page step is
    /// running: a design whose step holds the lruvec locks counts the wait
    /// and the retry it causes.
    func lookupDuringOffline(_ memcg: MemCgroup, pages: PageLRU)
    /// Whether `referenceDropped` must be called (it costs a call on every
    /// css_put of a dying memcg).
    var watchesDyingReferences: Bool { get }
    /// A reference on a dying memcg was dropped.
    func referenceDropped(_ memcg: MemCgroup, pages: PageLRU)
}

extension PageOfflinePolicy {
    var reclaimVisitsDyingMemcgs: Bool { true }
    var allowsAWOLPages: Bool { false }
    var watchesDyingReferences: Bool { false }
    func lruvecOwner(of memcg: MemCgroup, pages: PageLRU) -> MemCgroup { memcg }
    func referenceDropped(_ memcg: MemCgroup, pages: PageLRU) {}
    func lookupDuringOffline(_ memcg: MemCgroup, pages: PageLRU) {}
}

extension OfflinePages {
    /// The policy type this design value names.
    func makePolicy() -> any PageOfflinePolicy {
        switch self {
        case .reparentCharges: return ReparentChargesAtOffline()
        case .reparentLRUs: return ReparentLRUsAtOffline()
        case .reparentLRUsOnPutback: return ReparentLRUsOnPutback()
        case .none: return KeepPagesOnDyingMemcg()
        case .objcg: return SpliceLRUsIntoParent()
        }
    }
}
