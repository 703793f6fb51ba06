/// Up to 3.18: `mem_cgroup_css_offline` calls `mem_cgroup_reparent_charges`
/// for the memcg (and, from 3.14's "memcg: reparent charges of children
/// before processing parent", for every descendant first), under
/// cgroup_mutex, until the memcg's usage less its kmem is 0. Every page
/// and its charge go to the parent (`mem_cgroup_move_parent`); a page that
/// reclaim has isolated makes the loop go round again (`ReparentingLoop`).
///
/// Reclaim visits a memcg until its css_offline returns
/// (`css_tryget_online`), not after; the loop leaves nothing behind, so no
/// page can be AWOL. In the model the descendants are already empty: their
/// own offline ran first, in rmdir order, with the same loop.
package struct ReparentChargesAtOffline: PageOfflinePolicy {
    init() {}
    package var name: String { "reparentCharges (3.18)" }
    var reclaimVisitsDyingMemcgs: Bool { false }

    func offline(_ memcg: MemCgroup, pages: PageLRU, done: @escaping () -> Void) {
        pages.setReach(memcg, .reparenting)
        ReparentingLoop(memcg, pages: pages, skippingDying: false) { [unowned pages] abandoned in
            // An abandoned loop is one the kernel would still be going
            // round: its lists stay as they were during the loop.
            if !abandoned { pages.setReach(memcg, .dyingUnreachable) }
            done()
        }.run()
    }
}
