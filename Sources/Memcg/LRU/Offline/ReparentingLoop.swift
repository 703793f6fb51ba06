import KernelSim

/// `mem_cgroup_reparent_charges` (up to 3.18, and at css_free in the 2014
/// RFC): drain the add batches, move every page on the memcg's lists with
/// its charge to an ancestor (`mem_cgroup_force_empty_list` per node and
/// list), and go round again while the memcg still has page charges.
///
/// A page that reclaim holds isolated is on no list, so a pass cannot move
/// it, yet its charge keeps the usage above 0: the loop goes round until
/// reclaim puts it back. Each pass takes virtual time (the drain's work
/// items on every CPU, a list visit and a charge move per page) and ends
/// with `cond_resched`, so other CPUs' work runs between passes; the
/// caller's cgroup_mutex stays held throughout.
///
/// The kernel's loop had no way out: a charge it could never find on a
/// list made it spin for ever ("memcg: reparent charges of children
/// before processing parent" fixed one such case); in the model, a page
/// reclaim keeps isolated for longer than the bound's passes take does
/// the same. The model stops after `PageLRU.offlineLoopBound`
/// passes, counts the loop as abandoned and leaves the rest charged, so a
/// spin is a figure in the report rather than a hang of the simulation.
final class ReparentingLoop {
    private let memcg: MemCgroup
    private unowned let pages: PageLRU
    private let skippingDying: Bool
    private let done: (_ abandoned: Bool) -> Void
    private var iterations = 0

    init(_ memcg: MemCgroup, pages: PageLRU, skippingDying: Bool, done: @escaping (_ abandoned: Bool) -> Void) {
        self.memcg = memcg
        self.pages = pages
        self.skippingDying = skippingDying
        self.done = done
    }

    /// One pass, then the check, a pass's cost later.
    func run() {
        let kernel = pages.kernel
        pages.lruAddDrainAll()
        let target = pages.reparentTarget(of: memcg, skippingDying: skippingDying)
        let moved = pages.reparentListedPages(of: memcg, to: target)
        iterations += 1
        pages.offlineStatistics.loopIterations += 1
        let drain = kernel.costs.workItem * UInt64(kernel.cpus)
        let perPage = kernel.costs.listNodeVisit + kernel.costs.pageCharge
        kernel.schedule(after: drain + perPage * UInt64(moved), "mem_cgroup_reparent_charges") { [self] in
            let remaining = pages.chargedPagePages(memcg)
            if remaining > 0, iterations < PageLRU.offlineLoopBound {
                run()
                return
            }
            if remaining > 0 { pages.offlineStatistics.loopsAbandoned += 1 }
            pages.offlineStatistics.maxLoopIterations = max(pages.offlineStatistics.maxLoopIterations, iterations)
            done(remaining > 0)
        }
    }
}

extension PageLRU {
    /// Passes after which the model stops a reparenting loop that the
    /// kernel would have gone on with (see `ReparentingLoop`).
    static let offlineLoopBound = 10_000
}
