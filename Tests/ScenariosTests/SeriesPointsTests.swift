import KernelSim
import Memcg
@testable import Scenarios
import Testing

/// The optional time series the report's charts read: evenly spaced points,
/// the last one at the end of the run, and nothing when not asked for.
@Suite struct SeriesPointsTests {
    private func run(_ name: String, _ params: [String]) throws -> ScenarioMetrics {
        let scenario = try ScenarioRunner.scenario(named: name)
        let context = ScenarioContext(designName: "v5.4", design: try Preset.named("v5.4").design, seed: 5,
                                      topology: scenario.defaultTopology, costs: CostModel(),
                                      parameters: try ScenarioRunner.parameters(for: scenario, params))
        return try scenario.run(context)
    }

    private func series(_ m: ScenarioMetrics, _ prefix: String) -> [Int] {
        m.entries.compactMap { $0.name.hasPrefix(prefix) ? Int($0.name.dropFirst(prefix.count)) : nil }
    }

    @Test func checkpointsAreEvenlySpacedAndEndAtTheTotal() {
        let c = SeriesCheckpoints(total: 10, points: 4)
        #expect((1...10).filter(c.isCheckpoint) == [3, 6, 9, 10])
        #expect((1...10).filter(SeriesCheckpoints(total: 10, points: 0).isCheckpoint).isEmpty)
        #expect((1...3).filter(SeriesCheckpoints(total: 3, points: 100).isCheckpoint) == [1, 2, 3])
    }

    @Test func driftSeriesEndsWithTheLargestErrorOfAGrowingDrift() throws {
        let m = try run("vmstat-drift", ["children=40", "series_points=4"])
        #expect(series(m, "series_error_pages_") == [10, 20, 30, 40])
        let last = try #require(m["series_error_pages_40"])
        #expect(last == m["max_error_pages_during"])
        #expect(m["series_error_pages_10"]! < last)
        #expect(series(try run("vmstat-drift", ["children=40"]), "series_error_pages_").isEmpty)
    }

    @Test func churnAndListLRUSeriesFollowTheirRuns() throws {
        let churn = try run("cgroup-churn", ["cgroups=100", "series_points=5"])
        #expect(series(churn, "series_dying_cgroups_") == [20, 40, 60, 80, 100])
        #expect(churn["series_dying_cgroups_100"] == churn["dying_cgroups"])
        #expect(churn["series_virtual_seconds_20"]! < churn["series_virtual_seconds_100"]!)
        let lru = try run("list-lru-overhead", ["memcgs=30", "superblocks=4", "series_points=3"])
        #expect(series(lru, "series_list_lru_bytes_") == [10, 20, 30])
        #expect(lru["series_list_lru_bytes_10"]! <= lru["series_list_lru_bytes_30"]!)
    }
}
