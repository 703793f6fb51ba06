/// The 2014 RFC (Michal Hocko, "memcg: reparent only LRUs during
/// mem_cgroup_css_offline", seed 003): offline drains the batches and
/// moves what is on the memcg's lists, each page with its charge
/// (`mem_cgroup_reparent_lrus` -> `mem_cgroup_force_empty_list` ->
/// `mem_cgroup_move_parent`), once, to the first ancestor that
/// `css_tryget` succeeds on; it does not wait for the usage to reach 0.
/// The loop that does (`mem_cgroup_reparent_charges`) moves to css_free.
///
/// Reclaim no longer visits the memcg once its offline returned
/// (`mem_cgroup_iter` takes `css_tryget_online`). A page that reclaim had
/// isolated at that moment is put back on the dead memcg's lruvec
/// (`mem_cgroup_page_lruvec` follows the page's memcg) and is AWOL, as
/// Hugh Dickins objected, until css_free moves it.
///
/// When css_free comes: in the RFC's kernel an LRU page did not pin its
/// memcg (per-page css references came with 3.19's e8ea14cc6ead), so
/// css_free followed once swap entries, kmem and children let go. In the
/// model every charged page holds a reference; the model stands for the
/// RFC's css_free with a work item queued a grace period after the last
/// reference that is not a page charge is dropped (`referenceDropped`):
/// it runs the charge loop under cgroup_mutex, which moves the AWOL pages
/// (and waits for isolated ones), and the memcg is then released and freed.
package struct ReparentLRUsAtOffline: PageOfflinePolicy {
    init() {}
    package var name: String { "reparentLRUs (2014 RFC)" }
    var reclaimVisitsDyingMemcgs: Bool { false }
    var allowsAWOLPages: Bool { true }
    var watchesDyingReferences: Bool { true }

    func offline(_ memcg: MemCgroup, pages: PageLRU, done: @escaping () -> Void) {
        pages.reparentLRUsOnce(memcg, then: done)
    }

    func referenceDropped(_ memcg: MemCgroup, pages: PageLRU) {
        pages.scheduleCSSFreeReparent(memcg)
    }
}
