import Foundation
import CgroupFS
import KernelSim
import Memcg

/// Seed 004: a parent whose children are created and destroyed one after
/// another, each allocating and freeing accounted memory on several CPUs.
/// Under the double flush the parent's slab counters drift further with
/// every child; under threshold spill they stay within batch x CPUs; under
/// rstat they are exact.
struct VMStatDriftScenario: Scenario {
    let name = "vmstat-drift"
    let summary = "a parent's memory.stat error after many short-lived children (seed 004)"
    var details: String {
        """
        A parent cgroup /parent gets `children` children, one after another. Each
        child charges `allocations` slab pages (reclaimable and unreclaimable, 1-8
        pages each, as a per-memcg slab cache does) and some anonymous pages on
        random CPUs, frees about half of them, is removed with rmdir, and frees the
        rest while dying; the run then settles until the child is freed. After
        each child the parent's memory.stat is read (which flushes under rstat
        when enough updates are pending). At the end the statistics are flushed
        and every item of the parent is compared with the truth (the sum of all
        updates, kept beside the mechanism).

        The error is in pages, the largest over the items the run touches, and
        per item. thresholdSpillDoubleFlush (v5.4) grows with `children` in
        slab_reclaimable only (bee07b33db78's loop bounds flushed no other item); thresholdSpill
        stays within error_bound_pages; rstat ends at 0; readTimeSum (v3.18-v4.11),
        whose reads sum every per-CPU counter, is exact.

        Then `read_tree` more children are created under /parent and one read of
        /parent's memory.stat is timed in virtual time: stat_read_virtual_ms is the
        counter loads it did (stat_read_counters) at the cost model's
        stat_counter_read, plus any flush it ran. Before 5.2 a read walked every
        descendant (and before a983b5ebee57 every possible CPU of each), so its cost
        grows with the tree; from 5.2 on it loads one counter per line.
        """
    }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("children", default: 1_000, range: 1...1_000_000, "children created and destroyed one after another"),
        ScenarioParameter("allocations", default: 24, range: 1...10_000, "slab allocations per child"),
        ScenarioParameter("read_tree", default: 10_000, range: 0...60_000, "children under /parent when memory.stat's read cost is measured (0: not measured)"),
        ScenarioParameter("series_points", default: 0, range: 0...1_000, "record the parent's error at this many evenly spaced children (0: none)"),
    ]
    let metrics: [ScenarioMetric] = [
        ScenarioMetric("children", "children created and freed"),
        ScenarioMetric("parent_error_pages", "after every child is freed and stats are flushed: the parent's largest |reported - truth| over the items, in pages"),
        ScenarioMetric("parent_error_pages_signed", "the same error with its sign (positive: counted twice)"),
        ScenarioMetric("slab_reclaimable_error_pages", "the parent's final signed error in slab_reclaimable, in pages"),
        ScenarioMetric("slab_unreclaimable_error_pages", "the parent's final signed error in slab_unreclaimable, in pages"),
        ScenarioMetric("anon_error_pages", "the parent's final signed error in anon, in pages"),
        ScenarioMetric("kernel_error_pages", "the parent's final signed error in kernel, in pages"),
        ScenarioMetric("max_error_pages_during", "the largest parent error seen after any child was freed"),
        ScenarioMetric("error_bound_pages", "batch x CPUs: what threshold spill promises per cgroup"),
        ScenarioMetric("flush_cgroups_visited", "(cgroup, CPU) pairs folded by rstat flushes"),
        ScenarioMetric("stat_read_counters", "counters one read of /parent's memory.stat loaded with read_tree children"),
        ScenarioMetric("stat_read_virtual_ms", "virtual time of that read: its counter loads at stat_counter_read, plus any flush it ran"),
        ScenarioMetric("virtual_seconds", "virtual time the run took"),
        ScenarioMetric("wall_seconds", "host time the run took"),
        ScenarioMetric("series_error_pages_N", "with series_points: the parent's |error| in pages after N children were freed"),
    ]

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        ModelFootprint.total([(context[parameter: "children"] + context[parameter: "read_tree"], ModelFootprint.cgroupBytes(context.topology)),
                              (context[parameter: "children"] * context[parameter: "allocations"], ScriptEstimate.slabObjectBytes)])
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        let started = ContinuousClock.now
        let kernel = context.makeKernel()
        let mc = MemoryController(kernel: kernel, design: context.design)
        var random = kernel.random.split()
        let parent = try mc.mkdir("/parent")
        let items: [MemcgStatItem] = [.slabReclaimable, .slabUnreclaimable, .anon, .kernel]
        func itemError(_ item: MemcgStatItem) -> Int64 {
            (mc.stats.unclamped(parent.statsSlot, item) - mc.stats.exact(parent.statsSlot, item)) / Int64(item.unitIsBytes ? PageSize.bytes : 1)
        }
        func parentError() -> Int64 {
            var worst: Int64 = 0
            for item in items {
                let error = itemError(item)
                if abs(error) > abs(worst) { worst = error }
            }
            return worst
        }
        let children = context[parameter: "children"]
        let allocations = context[parameter: "allocations"]
        var maxDuring: Int64 = 0
        let seriesStep = SeriesCheckpoints(total: children, points: context[parameter: "series_points"])
        var series: [(children: Int, error: Int64)] = []
        for index in 0..<children {
            let child = try mc.mkdir("/parent/c\(index)")
            var held: [(pages: Int, reclaimable: Bool, anon: Bool)] = []
            for _ in 0..<allocations {
                kernel.currentCPU = random.index(below: kernel.cpus)
                let pages = random.int(in: 1...8)
                if random.chance(0.25) {
                    try mc.chargeAnon(child, pages: pages)
                    held.append((pages, false, true))
                } else {
                    let reclaimable = random.chance(0.5)
                    try mc.chargeSlabPages(child, pages: pages, reclaimable: reclaimable)
                    held.append((pages, reclaimable, false))
                }
            }
            func free(_ allocation: (pages: Int, reclaimable: Bool, anon: Bool)) {
                kernel.currentCPU = random.index(below: kernel.cpus)
                if allocation.anon {
                    mc.unchargeAnon(child, pages: allocation.pages)
                } else {
                    mc.unchargeSlabPages(child, pages: allocation.pages, reclaimable: allocation.reclaimable)
                }
            }
            while held.count > 1, random.chance(0.5) { free(held.removeLast()) }
            try mc.rmdir(child.path)
            kernel.runUntilIdle()  // offline runs; the child is dying
            for allocation in held { free(allocation) }
            kernel.runUntilIdle()  // released, freed
            _ = mc.memoryStat(parent)
            let error = abs(parentError())
            maxDuring = max(maxDuring, error)
            if seriesStep.isCheckpoint(index + 1) { series.append((index + 1, error)) }
        }
        mc.stats.flushAll()
        let final = parentError()
        var m = ScenarioMetrics()
        m.set("children", mc.lifetime.freed)
        m.set("parent_error_pages", abs(final))
        m.set("parent_error_pages_signed", final)
        m.set("slab_reclaimable_error_pages", itemError(.slabReclaimable))
        m.set("slab_unreclaimable_error_pages", itemError(.slabUnreclaimable))
        m.set("anon_error_pages", itemError(.anon))
        m.set("kernel_error_pages", itemError(.kernel))
        m.set("max_error_pages_during", maxDuring)
        m.set("error_bound_pages", MemcgStats.errorBoundPages(batch: mc.stats.batch, cpus: kernel.cpus))
        m.set("flush_cgroups_visited", mc.stats.flushStatistics.cgroupsVisited)
        let readTree = context[parameter: "read_tree"]
        if readTree > 0 {
            for index in 0..<readTree {
                let child = try mc.mkdir("/parent/r\(index)")
                kernel.currentCPU = random.index(below: kernel.cpus)
                try mc.chargeAnon(child, pages: 1)
            }
            let countersBefore = mc.stats.countersRead
            let flushBefore = mc.stats.flushCost
            _ = mc.memoryStat(parent)
            let counters = mc.stats.countersRead - countersBefore
            let flushed = mc.stats.flushCost.nanoseconds - flushBefore.nanoseconds
            let cost = VirtualDuration(nanoseconds: kernel.costs.statCounterRead.nanoseconds * UInt64(counters) + flushed)
            m.set("stat_read_counters", counters)
            m.set("stat_read_virtual_ms", cost.milliseconds)
        }
        m.set("virtual_seconds", VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds)
        m.set("wall_seconds", (ContinuousClock.now - started).seconds)
        for point in series { m.set("series_error_pages_\(point.children)", point.error) }
        return m
    }
}
