import Foundation
import KernelSim
import Memcg
import Workload

/// Seed 003's race: cgroups whose page cache reclaim is working on when
/// they are removed, so that each offline lands while reclaim holds some
/// of the cgroup's pages isolated. The figures are what each
/// `offlinePages` design does with those pages and how long it held
/// cgroup_mutex doing it.
struct LRUOfflineScenario: Scenario {
    let name = "lru-offline"
    let summary = "cgroups removed while reclaim holds their page cache isolated: AWOL pages, reparenting, the offline loop, cgroup_mutex"
    var details: String {
        """
        `cgroups` cgroups under /work each get a task that writes `dirty_kb` KiB
        of one file (dirty page cache) and reads `file_kb` KiB of another
        (clean page cache), then exits. One after another, every `gap_us`
        microseconds after the previous removal's work is done, a cgroup is removed the way a container runtime that
        reclaims before removal does it: `memory.reclaim` of `reclaim_kb`
        KiB is in flight on another CPU when the offline work item is
        queued (a grace period after rmdir). Reclaim holds each batch it
        isolated for `window_us` microseconds (shrink_folio_list's time)
        before it puts back what it keeps: the dirty pages, whose writeback
        it started. Whatever the offline finds isolated is the question
        seed 003 argues about. After the last removal the kernel settles,
        and a final global reclaim of `final_reclaim_kb` KiB runs from the
        root (what a dying cgroup's pages need to be found). With
        `unlink_at_offline` 1, a job on another CPU deletes the cgroup's clean
        file the moment its offline page step starts: every page truncated
        looks up its lruvec while the step runs (under objcg, while the
        splice holds the lruvec locks, so each lookup waits and retries).

        awol_pages_max: most pages at once on lists no reclaim from the root
          reaches (only the 2014 RFC, offlinePages=reparentLRUs, has any);
        reparented_pages: pages moved with their charges to an ancestor;
        offline_loop_iterations: passes of the reparenting loops (3.18's at
          offline, the RFC's at css_free; 1 per memcg for a single pass);
        cgroup_mutex_max_hold_ms: the longest cgroup_mutex hold;
        offline_virtual_ms: virtual time the page steps of all offlines took;
        lookup_retries: page-to-lruvec lookups that raced with an objcg
          splice, waited for its locks and retried with the parent's lruvec;
        dying_cgroups: removed cgroups not yet freed at the end.
        Compare the presets (v3.18: reparentCharges; v4.10..v6.12: none;
        next: objcg) and the RFC with --set offlinePages=reparentLRUs or
        reparentLRUsOnPutback.
        """
    }
    var defaultTopology: Topology { try! Topology(cpus: 4, nodes: 1, memoryBytes: 512 << 20) }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("cgroups", default: 32, range: 1...4_000, "cgroups removed one after another"),
        ScenarioParameter("file_kb", default: 1_024, range: 0...262_144, "KiB of clean page cache each cgroup's task reads"),
        ScenarioParameter("dirty_kb", default: 256, range: 0...262_144, "KiB of dirty page cache each cgroup's task writes"),
        ScenarioParameter("reclaim_kb", default: 512, range: 4...1_048_576, "KiB memory.reclaim asks of each cgroup as it is removed"),
        ScenarioParameter("window_us", default: 100, range: 1...1_000_000, "microseconds reclaim holds an isolated batch before putback"),
        ScenarioParameter("gap_us", default: 1_000, range: 1...10_000_000, "microseconds between two removals"),
        ScenarioParameter("unlink_at_offline", default: 0, range: 0...1, "1: the cgroup's clean file is deleted when its offline page step starts"),
        ScenarioParameter("final_reclaim_kb", default: 1_024, range: 0...1_048_576, "KiB of global reclaim from the root after the last removal"),
    ]
    var metrics: [ScenarioMetric] {
        [
            ScenarioMetric("awol_pages_max", "most pages at once on lists reclaim from the root cannot reach"),
            ScenarioMetric("awol_pages_end", "AWOL pages at the end"),
            ScenarioMetric("awol_arrivals", "times a page went AWOL (put on a list reclaim cannot reach), all told"),
            ScenarioMetric("isolated_at_offline", "pages of the cgroup reclaim held isolated when its offline step began, summed"),
            ScenarioMetric("reparented_pages", "pages moved with their charges from a dying cgroup to an ancestor"),
            ScenarioMetric("redirected_pages", "pages a putback or drain sent to a live ancestor's lruvec"),
            ScenarioMetric("offline_loop_iterations", "passes of reparenting loops, all cgroups"),
            ScenarioMetric("offline_loop_max_iterations", "most passes one cgroup's loop took"),
            ScenarioMetric("offline_loops_abandoned", "loops stopped at the model's bound (the kernel would spin)"),
            ScenarioMetric("cgroup_mutex_max_hold_ms", "longest cgroup_mutex hold"),
            ScenarioMetric("lruvec_lock_max_hold_us", "longest nested lruvec lock hold of an objcg splice (objcg_lock and every node's locks)"),
            ScenarioMetric("lruvec_lock_sections", "objcg splice critical sections (one per offline)"),
            ScenarioMetric("lookup_retries", "page-to-lruvec lookups that waited for an objcg splice and retried with the parent's lruvec"),
            ScenarioMetric("lookup_retry_wait_max_us", "longest wait of such a lookup for the splice's locks"),
            ScenarioMetric("offline_virtual_ms", "virtual time the offline page steps took, all cgroups"),
            ScenarioMetric("offline_step_max_ms", "longest offline page step of one cgroup"),
            ScenarioMetric("dying_cgroups", "removed cgroups not freed at the end"),
            ScenarioMetric("dying_pinned_bytes", "page cache still charged to dying cgroups at the end"),
            ScenarioMetric("virtual_seconds", "virtual time the run took"),
            ScenarioMetric("wall_seconds", "host time the run took"),
        ]
    }

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        ModelFootprint.total([(context[parameter: "cgroups"] + 2, ModelFootprint.cgroupBytes(context.topology))]
                             + ModelFootprint.pageTable(context.topology))
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        let started = ContinuousClock.now
        let machine = ScenarioMachine(context)
        let (kernel, mc, tasks) = (machine.kernel, machine.controller, machine.tasks)
        mc.pages.isolationWindow = .microseconds(UInt64(context[parameter: "window_us"]))
        try machine.memoryParent("/work")
        let count = context[parameter: "cgroups"]
        var cgroups: [MemCgroup] = []
        for index in 0..<count {
            let memcg = try mc.mkdir("/work/c\(index)")
            let task = try tasks.spawn(in: memcg, cpu: index % kernel.cpus)
            // Dirty first: the oldest pages, at the inactive tail where
            // reclaim meets them, starts their writeback and keeps them.
            if context[parameter: "dirty_kb"] > 0 {
                try tasks.accessFile(task, name: "dirty\(index)", superblock: "sb", bytes: context[parameter: "dirty_kb"] << 10, write: true, create: true)
            }
            if context[parameter: "file_kb"] > 0 {
                try tasks.accessFile(task, name: "clean\(index)", superblock: "sb", bytes: context[parameter: "file_kb"] << 10, write: false, create: true)
            }
            tasks.exit(task)
            cgroups.append(memcg)
        }
        kernel.runUntilIdle()
        let reclaimPages = context[parameter: "reclaim_kb"] << 10 / PageSize.bytes
        let gap = VirtualDuration.microseconds(UInt64(context[parameter: "gap_us"]))
        var isolatedAtOffline = 0
        let unlinkAtOffline = context[parameter: "unlink_at_offline"] == 1
        for (index, memcg) in cgroups.enumerated() {
            // The previous removal's work (release, css_free) is done, so
            // the next work item queued is this cgroup's offline.
            kernel.runUntilIdle()
            try mc.rmdir(memcg.path)
            // Run until the offline work item is queued; reclaim on another
            // CPU has the cgroup's pages in hand at that moment.
            let queuedBefore = mc.destroyWorkqueue.statistics.queued
            while mc.destroyWorkqueue.statistics.queued == queuedBefore, kernel.step() {}
            let cpu = kernel.currentCPU
            kernel.currentCPU = (index + 1) % kernel.cpus
            mc.pages.tryToFreeMemcgPages(memcg, pages: reclaimPages, proactive: true)
            kernel.currentCPU = cpu
            isolatedAtOffline += memcg.pageState.map { $0.lruvecs.reduce(0) { $0 + $1.isolated[0] + $1.isolated[1] } } ?? 0
            if unlinkAtOffline, context[parameter: "file_kb"] > 0 {
                // Run to the start of the offline page step, then truncate.
                while memcg.state != .freed, (memcg.pageState?.reach ?? .online) == .online, kernel.step() {}
                kernel.currentCPU = (index + 2) % kernel.cpus
                try tasks.pageCache.unlink("clean\(index)", superblock: "sb")
                kernel.currentCPU = cpu
            }
            kernel.advance(by: gap)
        }
        kernel.runUntilIdle()
        let finalPages = context[parameter: "final_reclaim_kb"] << 10 / PageSize.bytes
        if finalPages > 0 {
            mc.pages.tryToFreeMemcgPages(mc.root, pages: finalPages)
        }
        mc.drainAllStocks()
        kernel.runUntilIdle()

        let stats = mc.pages.offlineStatistics
        var m = ScenarioMetrics()
        m.set("awol_pages_max", stats.awolPagesMax)
        m.set("awol_pages_end", stats.awolPages)
        m.set("awol_arrivals", stats.awolArrivals)
        m.set("isolated_at_offline", isolatedAtOffline)
        m.set("reparented_pages", stats.reparentedPages)
        m.set("redirected_pages", stats.redirectedPages)
        m.set("offline_loop_iterations", stats.loopIterations)
        m.set("offline_loop_max_iterations", stats.maxLoopIterations)
        m.set("offline_loops_abandoned", stats.loopsAbandoned)
        m.set("cgroup_mutex_max_hold_ms", mc.cgroupMutex.statistics.maxHold.milliseconds)
        m.set("lruvec_lock_max_hold_us", Double(stats.lruvecLockMaxHold.nanoseconds) / 1e3)
        m.set("lruvec_lock_sections", stats.lruvecLockSections)
        m.set("lookup_retries", stats.lookupRetries)
        m.set("lookup_retry_wait_max_us", Double(stats.lookupRetryWaitMax.nanoseconds) / 1e3)
        m.set("offline_virtual_ms", stats.offlineStepTime.milliseconds)
        m.set("offline_step_max_ms", stats.offlineStepMax.milliseconds)
        let dying = cgroups.filter { $0.state != .freed }
        m.set("dying_cgroups", dying.count)
        m.set("dying_pinned_bytes", dying.reduce(0) { $0 + ($1.pageState?.filePages ?? 0) } * PageSize.bytes)
        m.set("virtual_seconds", VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds)
        m.set("wall_seconds", (ContinuousClock.now - started).seconds)
        return m
    }
}
