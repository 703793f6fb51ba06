import KernelSim
import Memcg
@testable import Scenarios
import Testing

@Suite struct VMStatDriftScenarioTests {
    private func run(_ preset: String, children: Int) throws -> ScenarioMetrics {
        let scenario = VMStatDriftScenario()
        let context = ScenarioContext(designName: preset, design: try Preset.named(preset).design, seed: 3,
                                      topology: try Topology(cpus: 4), costs: CostModel(),
                                      parameters: try ScenarioRunner.parameters(for: scenario, ["children=\(children)", "read_tree=0"]))
        return try scenario.run(context)
    }

    @Test func theDoubleFlushDriftsWithEveryChild() throws {
        let few = try run("v5.4", children: 50)
        let many = try run("v5.4", children: 200)
        #expect(few["parent_error_pages"]! > few["error_bound_pages"]!)
        #expect(many["parent_error_pages"]! > 3 * few["parent_error_pages"]!)
        #expect(many["parent_error_pages_signed"]! > 0)  // counted twice, never lost
    }

    /// bee07b33db78's loop bounds flushed slab_reclaimable only: it alone
    /// drifts, by the whole of the parent's error.
    @Test func onlySlabReclaimableDriftsUnderTheDoubleFlush() throws {
        let m = try run("v5.4", children: 200)
        #expect(m["slab_reclaimable_error_pages"]! > m["error_bound_pages"]!)
        #expect(m["slab_reclaimable_error_pages"] == m["parent_error_pages_signed"])
        #expect(m["slab_unreclaimable_error_pages"] == 0)
        #expect(m["anon_error_pages"] == 0)
    }

    @Test func thresholdSpillStaysWithinTheBound() throws {
        let m = try run("v4.11", children: 200)
        #expect(m["parent_error_pages"]! <= m["error_bound_pages"]!)
        #expect(m["max_error_pages_during"]! <= m["error_bound_pages"]!)
    }

    @Test func rstatIsExactAfterAFlush() throws {
        let m = try run("v6.12", children: 200)
        #expect(m["parent_error_pages"] == 0)
        #expect(m["children"] == 200)
    }
}

@Suite struct StatReadCostTests {
    private func run(_ preset: String, readTree: Int) throws -> ScenarioMetrics {
        let scenario = VMStatDriftScenario()
        let context = ScenarioContext(designName: preset, design: try Preset.named(preset).design, seed: 3,
                                      topology: try Topology(cpus: 4), costs: CostModel(),
                                      parameters: try ScenarioRunner.parameters(for: scenario, ["children=5", "read_tree=\(readTree)"]))
        return try scenario.run(context)
    }

    /// Before 5.2 a memory.stat read walks the tree, so its cost grows with
    /// it; from 5.2 on it does not (rstat's may include a flush).
    @Test func readCostGrowsWithTheTreeOnlyBefore52() throws {
        let old = (try run("v4.11", readTree: 200), try run("v4.11", readTree: 800))
        #expect(old.1["stat_read_counters"]! > 3.9 * old.0["stat_read_counters"]!)
        #expect(old.1["stat_read_virtual_ms"]! > 3.9 * old.0["stat_read_virtual_ms"]!)
        let spill = (try run("v5.9", readTree: 200), try run("v5.9", readTree: 800))
        #expect(spill.0["stat_read_counters"] == spill.1["stat_read_counters"])
        #expect(old.0["stat_read_counters"]! > 100 * spill.0["stat_read_counters"]!)
        // Reads that sum every counter are exact.
        #expect(old.1["parent_error_pages"] == 0)
    }
}
