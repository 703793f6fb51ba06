import KernelSim
import Memcg
@testable import Scenarios
import Testing

/// The kmem scenarios at small sizes: the shape of each design's figures.
@Suite struct KmemScenarioTests {
    private func run(_ name: String, preset: String, _ params: [String]) throws -> ScenarioMetrics {
        let scenario = try ScenarioRunner.scenario(named: name)
        let context = ScenarioContext(designName: preset, design: try Preset.named(preset).design, seed: 3,
                                      topology: try Topology(), costs: CostModel(),
                                      parameters: try ScenarioRunner.parameters(for: scenario, params))
        return try ScenarioRunner.run(scenario, context: context).metrics
    }

    @Test func synchronousTeardownHoldsCgroupMutexAndWalksTheGlobalList() throws {
        let params = ["cgroups=200", "caches=4"]
        let legacy = try run("cache-teardown", preset: "v4.10", params)
        let fixed = try run("cache-teardown", preset: "v4.11", params)
        for m in [legacy, fixed] {
            #expect(m["child_caches_created"] == 800)
            #expect(m["child_caches_destroyed"] == 800)
            #expect(m["dying_cgroups_left"] == 0)
            #expect(m["model_violations"] == 0)
        }
        #expect(legacy["teardown_virtual_seconds"]! > 10 * fixed["teardown_virtual_seconds"]!)
        #expect(legacy["cgroup_mutex_max_hold_ms"]! >= 4 * 20)
        #expect(fixed["cgroup_mutex_max_hold_ms"]! < 1)
        #expect(legacy["list_nodes_visited"]! > 10 * fixed["list_nodes_visited"]!)
        #expect(legacy["peak_workers"]! > fixed["peak_workers"]!)
        #expect(fixed["peak_workers"]! <= 2)
        #expect(legacy["synchronous_rcu_waits"] == 800)
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

    @Test func objcgPacksFewObjectsPerCgroupIntoFarFewerSlabs() throws {
        let m = try run("slab-sharing", preset: "v6.12", ["cgroups=100", "caches=3", "objects=2"])
        #expect(m["objcg_slab_bytes"]! < m["per_memcg_caches_slab_bytes"]!)
        #expect(m["objcg_saving_percent"]! > 45)
        #expect(m["child_caches"] == 300)
        #expect(m["slab_bytes"] == m["objcg_slab_bytes"])
    }
}
