import KernelSim
import Memcg
@testable import Scenarios
import Testing

/// The kmem scenarios at small sizes: the shape of each design's figures.
@Suite struct KmemScenarioTests {
    private func run(_ name: String, preset: String, _ params: [String], costs: CostModel = CostModel()) throws -> ScenarioMetrics {
        let scenario = try ScenarioRunner.scenario(named: name)
        let context = ScenarioContext(designName: preset, design: try Preset.named(preset).design, seed: 3,
                                      topology: try Topology(), costs: costs,
                                      parameters: try ScenarioRunner.parameters(for: scenario, params))
        return try ScenarioRunner.run(scenario, context: context).metrics
    }

    /// 5.3 reparented the caches at offline: the cgroups whose objects
    /// outlive them (`pinned_percent`) stay dying under 4.11 and are not
    /// held by slab at all under v5.4; the teardown still ends with every
    /// cache destroyed and every cgroup freed.
    @Test func reparentingLeavesNoCgroupPinnedBySlab() throws {
        let params = ["cgroups=200", "caches=4", "pinned_percent=10"]
        let v411 = try run("cache-teardown", preset: "v4.11", params)
        let v54 = try run("cache-teardown", preset: "v5.4", params)
        #expect(v411["dying_cgroups_pinned_by_slab"] == 20)
        #expect(v411["child_caches_reparented"] == 0)
        #expect(v54["dying_cgroups_pinned_by_slab"] == 0)
        #expect(v54["child_caches_reparented"] == 800)
        for m in [v411, v54] {
            #expect(m["child_caches_destroyed"] == 800)
            #expect(m["dying_cgroups_left"] == 0)
            #expect(m["model_violations"] == 0)
        }
    }

    /// What each release's teardown waited for: up to 4.9 a grace period
    /// per cache with slab_mutex held, 4.10 one per memcg outside it, 4.11
    /// none under either mutex; up to 4.10 at most one rcu_barrier per
    /// memcg, at its css_free, and no kworker per destruction.
    @Test func eachReleasesTeardownWaitsWhatItDid() throws {
        let params = ["cgroups=200", "caches=4"]
        let v49 = try run("cache-teardown", preset: "v3.18", params)
        let v410 = try run("cache-teardown", preset: "v4.10", params)
        let v411 = try run("cache-teardown", preset: "v4.11", params)
        for m in [v49, v410, v411] {
            #expect(m["child_caches_created"] == 800)
            #expect(m["child_caches_destroyed"] == 800)
            #expect(m["dying_cgroups_left"] == 0)
            #expect(m["model_violations"] == 0)
        }
        #expect(v49["synchronous_rcu_waits"] == 800)
        #expect(v410["synchronous_rcu_waits"] == 200)
        #expect(v411["synchronous_rcu_waits"] == 0)
        // Four grace periods under both mutexes, against one under cgroup_mutex only.
        #expect(v49["slab_mutex_max_hold_ms"]! >= 4 * 20)
        #expect(v49["cgroup_mutex_max_hold_ms"]! >= 4 * 20)
        #expect(v410["slab_mutex_max_hold_ms"]! < 20)
        #expect(v410["cgroup_mutex_max_hold_ms"]! >= 20 && v410["cgroup_mutex_max_hold_ms"]! < 4 * 20)
        #expect(v411["cgroup_mutex_max_hold_ms"]! < 1)
        // One boot cache of the four is SLAB_TYPESAFE_BY_RCU: one barrier
        // per memcg at css_free up to 4.10, a few batched ones in 4.11.
        #expect(v49["cache_rcu_barriers"] == 200)
        #expect(v410["cache_rcu_barriers"] == 200)
        #expect(v411["cache_rcu_barriers"]! < 20)
        // No destruction work items: only the ordered creation queue up to 4.10.
        #expect(v49["peak_workers"] == 1)
        #expect(v410["peak_workers"] == 1)
        #expect(v49["teardown_virtual_seconds"]! > 2 * v410["teardown_virtual_seconds"]!)
        #expect(v410["teardown_virtual_seconds"]! > 10 * v411["teardown_virtual_seconds"]!)
        // 4.10 walks slab_caches twice per offline, up to 4.9 once.
        #expect(v410["list_nodes_visited"]! > v49["list_nodes_visited"]!)
        #expect(v49["list_nodes_visited"]! > 10 * v411["list_nodes_visited"]!)
    }

    @Test func theScenarioNeedsPerMemcgCaches() throws {
        #expect(throws: ScenarioError.notApplicable(scenario: "cache-teardown", design: "v6.12",
                                                    reason: CacheTeardownWorkload.inapplicability(to: Design())!)) {
            try run("cache-teardown", preset: "v6.12", ["cgroups=2"])
        }
    }

    @Test func comparingEveryPresetLeavesOutThoseAScenarioDoesNotApplyTo() throws {
        let scenario = try ScenarioRunner.scenario(named: "cache-teardown")
        let all = Preset.all.map { (name: $0.name, design: $0.design) }
        let selection = try ScenarioRunner.designsToCompare(scenario, all, named: false)
        #expect(selection.designs.map(\.name) == ["v3.18", "v4.10", "v4.11", "v5.4"])
        #expect(selection.note?.contains("v5.9, v5.13, v5.18, v6.12, next") == true)
        // Named designs must all apply, and an empty comparison is an error.
        #expect(throws: ScenarioError.self) { try ScenarioRunner.designsToCompare(scenario, all, named: true) }
        #expect(throws: ScenarioError.self) { try ScenarioRunner.designsToCompare(scenario, Array(all.suffix(2)), named: false) }
        let everywhere = try ScenarioRunner.designsToCompare(try ScenarioRunner.scenario(named: "vmstat-drift"), all, named: true)
        #expect(everywhere.designs.count == all.count && everywhere.note == nil)
    }

    @Test func scalingFitsExponents() throws {
        let legacy = try run("cache-teardown-scaling", preset: "v4.10", ["from=100", "to=400", "caches=2", "repeats=2", "sample_ms=0"])
        let fixed = try run("cache-teardown-scaling", preset: "v4.11", ["from=100", "to=400", "caches=2", "repeats=2", "sample_ms=0"])
        #expect(legacy["list_walk_exponent"]! > 1.6)
        #expect(abs(fixed["list_walk_exponent"]! - 1) < 0.1)
        #expect(legacy["list_nodes_visited_400"]! > legacy["list_nodes_visited_100"]!)
        // Per doubling: the legacy walks grow about fourfold, the fixed ones twofold.
        #expect(legacy["list_walk_growth_400"]! > 3)
        #expect(abs(fixed["list_walk_growth_400"]! - 2) < 0.1)
        #expect(legacy["list_walk_growth_100"] == nil)
        for m in [legacy, fixed] {
            #expect(m["wall_teardown_seconds_400"]! > 0 && m["wall_teardown_seconds_400"]! <= m["wall_seconds_400"]!)
            #expect(m["wall_teardown_exponent"] != nil)
            #expect(m["wall_teardown_growth_200"]! > 0 && m["wall_teardown_growth_400"]! > 0)
        }
        #expect(CacheTeardownScalingScenario.exponent([(1, 1), (2, 4), (4, 16)]) == 2)
    }

    /// 4.10's virtual teardown is its walks (N^2) plus its waits (two a
    /// memcg, N), one memcg at a time: with the sourced 20 ms waits the
    /// waits dominate at these sizes and the time grows as N; with waits of
    /// 10 us the crossover falls below the sizes and the time grows well
    /// faster than N. 4.11 waits for nothing synchronously.
    @Test func theVirtualTeardownFollowsWhicheverOfWalksAndWaitsDominates() throws {
        let params = ["from=100", "to=800", "caches=2", "repeats=1", "sample_ms=0"]
        let waiting = try run("cache-teardown-scaling", preset: "v4.10", params)
        var fast = CostModel()
        fast.gracePeriod = .microseconds(10)
        fast.hostRCUBarrier = .microseconds(10)
        let walking = try run("cache-teardown-scaling", preset: "v4.10", params, costs: fast)
        for n in [100, 200, 400, 800] {
            let teardown = waiting["teardown_virtual_seconds_\(n)"]!
            let parts = waiting["walk_virtual_seconds_\(n)"]! + waiting["wait_virtual_seconds_\(n)"]!
            #expect(abs(teardown - parts) < 0.05 * teardown)
            #expect(waiting["wait_virtual_seconds_\(n)"]! > 10 * waiting["walk_virtual_seconds_\(n)"]!)
            #expect(walking["walk_virtual_seconds_\(n)"]! > walking["wait_virtual_seconds_\(n)"]!)
        }
        #expect(abs(waiting["wait_virtual_exponent"]! - 1) < 0.2)
        #expect(waiting["teardown_virtual_exponent"]! < 1.3)
        #expect(waiting["crossover_caches"]! > 1_600)
        #expect(waiting["teardown_virtual_exponent_above_crossover"] == nil)
        #expect(walking["crossover_caches"]! < 200)
        // The per-cache work (shrink, shutdown, sysfs) is linear and still
        // a part at these sizes, so the exponent is short of 2.
        #expect(walking["teardown_virtual_exponent_above_crossover"]! > 1.5)
        #expect(walking["teardown_virtual_exponent"]! > waiting["teardown_virtual_exponent"]! + 0.3)
        #expect(abs(walking["crossover_caches"]! - walking["crossover_cgroups"]! * 2) <= 1)

        let deferred = try run("cache-teardown-scaling", preset: "v4.11", params)
        #expect(deferred["wait_virtual_seconds_800"] == 0)
        #expect(deferred["crossover_cgroups"] == nil)
        #expect(abs(CacheTeardownScalingScenario.crossover(walks: [(1, 1), (2, 4)], waits: [(1, 2), (2, 4)])! - 2) < 1e-9)
        #expect(CacheTeardownScalingScenario.crossover(walks: [(1, 1), (2, 2)], waits: [(1, 2), (2, 4)]) == nil)
    }

    @Test func objcgPacksFewObjectsPerCgroupIntoFarFewerSlabs() throws {
        let m = try run("slab-sharing", preset: "v6.12", ["cgroups=100", "caches=3", "objects=2"])
        #expect(m["objcg_slab_bytes"]! < m["per_memcg_caches_slab_bytes"]!)
        #expect(m["objcg_saving_percent"]! > 45)
        #expect(m["child_caches"] == 300)
        #expect(m["slab_bytes"] == m["objcg_slab_bytes"])
    }
}
