import KernelSim
import Memcg
@testable import Scenarios
import Testing

@Suite struct ReclaimPressureScenarioTests {
    private func run(_ params: [String]) throws -> ScenarioMetrics {
        let scenario = try ScenarioRunner.scenario(named: "reclaim-pressure")
        let topology = try Topology(cpus: 4, nodes: 1, memoryBytes: 128 << 20)
        let context = ScenarioContext(designName: "v6.12", design: Design(), seed: 3, topology: topology,
                                      costs: CostModel(), parameters: try ScenarioRunner.parameters(for: scenario, params))
        return try ScenarioRunner.run(scenario, context: context).metrics
    }

    /// A 128 MiB machine: global reclaim runs, memory.max ends in OOM kills,
    /// memory.high reclaims and counts, memory.low spares its cgroup, and the same seed
    /// gives the same figures.
    @Test func limitsActAndProtectionHoldsUnderGlobalPressure() throws {
        let params = ["cgroups=4", "rounds=4", "anon_mb=8", "file_mb=24"]
        let m = try run(params)
        #expect(m["kswapd_wakeups"]! > 0)
        #expect(m["max_oom_kills"]! > 0)
        #expect(m["high_pgsteal"]! > 0 && m["high_events"]! > 0)
        // memory.low spares the low cgroup's page cache while the others' is taken.
        #expect(m["none_pgsteal"]! > 0)
        #expect(m["low_pgsteal"]! < m["none_pgsteal"]!)
        #expect(try run(params).modelFigures == m.modelFigures)
    }
}
