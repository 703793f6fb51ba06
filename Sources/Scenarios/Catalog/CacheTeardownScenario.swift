import CgroupFS
import KernelSim
import Memcg
import Foundation

/// Seeds 000 and 001: hundreds of thousands of per-memcg caches
/// deactivated and destroyed, under the teardown up to 4.9 (synchronous),
/// of 4.10 (batched), of 4.11 (deferred) and of 5.3 (reparented), with a
/// /proc/slabinfo reader running meanwhile.
struct CacheTeardownScenario: Scenario {
    let name = "cache-teardown"
    let summary = "transient cgroups leave per-memcg slab caches; tear them all down while /proc/slabinfo is read"
    var details: String {
        """
        N cgroups (`cgroups`) each get a child cache in each of K accounted caches
        (`caches`; the default 8 include two SLAB_TYPESAFE_BY_RCU ones), allocate
        `objects` objects per cache, free them (except `pinned_percent` of the cgroups,
        whose objects stay until every cgroup is gone) and are removed. Cgroups are made
        and removed in waves of `wave` so the live ones fit the 65,535 IDs. A reader
        reads /proc/slabinfo in 4 KiB chunks (`slabinfo_passes` full passes) from the
        first rmdir on. The run ends when every child cache is destroyed.

        Run it under `--design v3.18` (cacheTeardown=synchronous, up to 4.9: a
        synchronize_sched per cache under slab_mutex and cgroup_mutex), `--design v4.10`
        (batched: one synchronize_sched per memcg between two walks of slab_caches) and
        `--design v4.11` (deferred: call_rcu to a work item, per-root and per-memcg lists,
        one batched rcu_barrier, max_active 1) and `--design v5.4` (reparented: as
        4.11, and each dying memcg's caches move to its parent at offline, so the
        cgroups whose objects outlive them are freed at once instead of staying
        dying until "reclaim": compare dying_cgroups_pinned_by_slab). Up to 4.10 an empty dying cache lives
        until its memcg's css_free, where one walk of slab_caches and at most one
        rcu_barrier destroy all its caches on the cgroup destroy workqueue. Add `--set slabinfoResume=stableCursor` to see the
        reader stop missing and repeating entries. Requires slabAccounting=perMemcgCaches.
        """
    }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("cgroups", default: 10_000, range: 1...1_000_000, "transient cgroups (N)"),
        ScenarioParameter("caches", default: 8, range: 1...64, "accounted caches each cgroup uses (K)"),
        ScenarioParameter("objects", default: 2, range: 1...1_000, "objects per cache per cgroup"),
        ScenarioParameter("wave", default: 20_000, range: 1...60_000, "most cgroups made before the first of them is removed"),
        ScenarioParameter("pinned_percent", default: 10, range: 0...100, "cgroups in a hundred whose objects outlive them"),
        ScenarioParameter("slabinfo_passes", default: 2, range: 0...1_000, "full /proc/slabinfo reads from the first rmdir"),
    ]
    let metrics: [ScenarioMetric] = [
        ScenarioMetric("child_caches_created", "per-memcg caches created"),
        ScenarioMetric("child_caches_destroyed", "per-memcg caches destroyed (all of them at the end)"),
        ScenarioMetric("teardown_virtual_seconds", "virtual time from the first rmdir to the last cache destroyed"),
        ScenarioMetric("cgroup_mutex_hold_seconds", "total virtual time cgroup_mutex was held"),
        ScenarioMetric("cgroup_mutex_max_hold_ms", "longest single hold of cgroup_mutex"),
        ScenarioMetric("slab_mutex_hold_seconds", "total virtual time slab_mutex was held"),
        ScenarioMetric("slab_mutex_max_hold_ms", "longest single hold of slab_mutex"),
        ScenarioMetric("peak_workers", "kworkers the slab workqueues needed at most (sum of per-queue peaks)"),
        ScenarioMetric("peak_sysfs_entries", "most /sys/kernel/slab directories at once"),
        ScenarioMetric("list_nodes_visited", "cache-list nodes walked by deactivation, destruction and ID growth"),
        ScenarioMetric("slabinfo_nodes_visited", "cache-list nodes walked by the slabinfo reader"),
        ScenarioMetric("slabinfo_passes", "full reads of /proc/slabinfo completed"),
        ScenarioMetric("slabinfo_chunks", "4 KiB read() calls"),
        ScenarioMetric("slabinfo_missing", "caches present for a whole pass but never printed in it"),
        ScenarioMetric("slabinfo_duplicates", "lines printed twice within a pass"),
        ScenarioMetric("grace_periods", "RCU grace periods"),
        ScenarioMetric("synchronous_rcu_waits", "synchronous grace-period waits"),
        ScenarioMetric("cache_rcu_barriers", "rcu_barrier calls for SLAB_TYPESAFE_BY_RCU caches"),
        ScenarioMetric("dying_cgroups_pinned_by_slab", "dying cgroups whose own child caches still held objects once all were offline (before the pinned objects were freed)"),
        ScenarioMetric("child_caches_reparented", "per-memcg caches moved to the parent at offline (5.3 on)"),
        ScenarioMetric("dying_cgroups_left", "cgroups still dying at the end (0)"),
        ScenarioMetric("model_violations", "model rules broken (0)"),
        ScenarioMetric("events_run", "engine events executed"),
        ScenarioMetric("wall_seconds", "host time the run took"),
        ScenarioMetric("wall_teardown_seconds", "host time from the first rmdir to the end"),
    ]

    func inapplicability(to design: Design) -> String? {
        CacheTeardownWorkload.inapplicability(to: design)
    }

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        ModelFootprint.total([
            (context[parameter: "cgroups"], ModelFootprint.cgroupBytes(context.topology) + 512 * UInt64(context[parameter: "caches"])),
            (context[parameter: "cgroups"] * context[parameter: "caches"] * context[parameter: "objects"], ScriptEstimate.slabObjectBytes),
        ])
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        try CacheTeardownWorkload(
            cgroups: context[parameter: "cgroups"], caches: context[parameter: "caches"],
            objects: context[parameter: "objects"], wave: context[parameter: "wave"],
            pinnedPercent: context[parameter: "pinned_percent"], slabinfoPasses: context[parameter: "slabinfo_passes"]
        ).run(kernel: context.makeKernel(), design: context.design)
    }
}
