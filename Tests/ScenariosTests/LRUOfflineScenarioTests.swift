import KernelSim
import Memcg
@testable import Scenarios
import Testing

@Suite struct LRUOfflineScenarioTests {
    private func run(_ preset: String, set settings: [String] = [], _ params: [String] = ["cgroups=6"]) throws -> ScenarioMetrics {
        let scenario = try ScenarioRunner.scenario(named: "lru-offline")
        var design = try Preset.named(preset).design
        try design.apply(settings: settings)
        let context = ScenarioContext(designName: preset, design: design, seed: 5, topology: scenario.defaultTopology,
                                      costs: CostModel(), parameters: try ScenarioRunner.parameters(for: scenario, params))
        return try ScenarioRunner.run(scenario, context: context).metrics
    }

    /// A file truncated when the offline page step starts: under objcg its
    /// pages look their lruvec up inside the splice's section and retry;
    /// no other design retries, and by default (putbacks after the section)
    /// nothing does.
    @Test func truncationDuringTheSpliceRetriesOnlyUnderObjcg() throws {
        let raced = try run("next", ["cgroups=6", "unlink_at_offline=1"])
        #expect(raced["lookup_retries"]! > 0)
        #expect(raced["lookup_retry_wait_max_us"]! > 0)
        #expect(raced["lookup_retry_wait_max_us"]! <= raced["lruvec_lock_max_hold_us"]!)
        #expect(raced["lruvec_lock_sections"] == 6)
        #expect(raced["dying_cgroups"] == 0)
        #expect(try run("next", ["cgroups=6", "unlink_at_offline=1"]).modelFigures == raced.modelFigures)
        #expect(try run("next")["lookup_retries"] == 0)
        for preset in ["v3.18", "v6.12"] {
            #expect(try run(preset, ["cgroups=6", "unlink_at_offline=1"])["lookup_retries"] == 0, "\(preset)")
        }
        #expect(try run("v6.12", set: ["offlinePages=reparentLRUs"], ["cgroups=6", "unlink_at_offline=1"])["lookup_retries"] == 0)
    }

    /// Every removal lands in reclaim's window; what each design makes of it.
    @Test func eachDesignHandlesThePagesIsolatedAtOffline() throws {
        let v318 = try run("v3.18")
        #expect(v318["isolated_at_offline"]! > 0)
        #expect(v318["offline_loop_max_iterations"]! > 1)
        #expect(v318["awol_pages_max"] == 0)
        #expect(v318["dying_cgroups"] == 0)

        let v612 = try run("v6.12")
        #expect(v612["reparented_pages"] == 0)
        #expect(v612["dying_cgroups"] == 6)
        #expect(v612["awol_pages_max"] == 0)

        let next = try run("next")
        #expect(next["dying_cgroups"] == 0)
        #expect(next["redirected_pages"]! > 0)
        #expect(next["awol_pages_max"] == 0)
        #expect(next["lruvec_lock_max_hold_us"]! > 0)

        let rfc = try run("v6.12", set: ["offlinePages=reparentLRUs"])
        #expect(rfc["awol_pages_max"]! > 0)
        #expect(rfc["awol_arrivals"] == rfc["isolated_at_offline"])

        let putback = try run("v6.12", set: ["offlinePages=reparentLRUsOnPutback"])
        #expect(putback["awol_pages_max"] == 0)
        #expect(putback["redirected_pages"] == putback["isolated_at_offline"])
    }

    @Test func twoRunsGiveTheSameFigures() throws {
        for (preset, settings) in [("v3.18", [String]()), ("next", []), ("v6.12", ["offlinePages=reparentLRUs"])] {
            #expect(try run(preset, set: settings).modelFigures == run(preset, set: settings).modelFigures)
        }
    }
}
