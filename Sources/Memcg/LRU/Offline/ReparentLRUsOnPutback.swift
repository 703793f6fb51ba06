/// The RFC with the fix Hugh Dickins sketched and doubted ("some code
/// could be added to mem_cgroup_page_lruvec() ... to reparent when they're
/// put back on LRU"): offline moves the listed pages as the RFC does, and
/// a page of an offlined memcg that is put on a list (reclaim's putback,
/// an add batch drained) goes, with its charge, to the first live
/// ancestor's lruvec instead. No page is ever AWOL; the dying memcg keeps
/// only charges that are on no list (swap entries, kmem), and its css_free
/// work finds nothing left to move.
package struct ReparentLRUsOnPutback: PageOfflinePolicy {
    init() {}
    package var name: String { "reparentLRUsOnPutback" }
    var reclaimVisitsDyingMemcgs: Bool { false }

    func offline(_ memcg: MemCgroup, pages: PageLRU, done: @escaping () -> Void) {
        pages.reparentLRUsOnce(memcg, then: done)
    }

    func lruvecOwner(of memcg: MemCgroup, pages: PageLRU) -> MemCgroup {
        pages.reparentTarget(of: memcg, skippingDying: true)
    }
}
