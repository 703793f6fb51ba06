import KernelSim
import Memcg
@testable import Scenarios
import Testing

@Suite struct ScenarioRunnerTests {
    private func context(_ scenario: any Scenario, _ params: [String] = []) throws -> ScenarioContext {
        ScenarioContext(designName: "v6.12", design: Design(), seed: 7, topology: try Topology(),
                        costs: CostModel(), parameters: try ScenarioRunner.parameters(for: scenario, params))
    }

    @Test func everyScenarioIsNamedOnceAndDocumentsItsMetrics() {
        let names = ScenarioCatalog.all.map(\.name)
        #expect(Set(names).count == names.count)
        for scenario in ScenarioCatalog.all {
            #expect(!scenario.metrics.isEmpty)
            #expect(!scenario.summary.contains("\n"))
        }
    }

    @Test func unknownNamesAndParametersAreErrorsNamingTheValidOnes() throws {
        #expect(throws: ScenarioError.unknownScenario("nope", valid: ScenarioCatalog.all.map(\.name))) {
            try ScenarioRunner.scenario(named: "nope")
        }
        let s = try ScenarioRunner.scenario(named: "engine-rcu")
        #expect(throws: ScenarioError.unknownParameter(scenario: "engine-rcu", name: "bogus", valid: s.parameters.map(\.name))) {
            try ScenarioRunner.parameters(for: s, ["bogus=1"])
        }
        #expect(throws: ScenarioError.self) { try ScenarioRunner.parameters(for: s, ["callbacks=-4"]) }
        #expect(throws: ScenarioError.self) { try ScenarioRunner.parameters(for: s, ["callbacks"]) }
        #expect(try ScenarioRunner.parameters(for: s, ["callbacks=1_000"])["callbacks"] == 1_000)
    }

    @Test func reportsAreByteIdenticalForTheSameSeedApartFromWallClock() throws {
        let s = try ScenarioRunner.scenario(named: "engine-rcu")
        let a = try ScenarioRunner.run(s, context: try context(s, ["callbacks=500"]))
        let b = try ScenarioRunner.run(s, context: try context(s, ["callbacks=500"]))
        #expect(a.metrics.modelFigures == b.metrics.modelFigures)
        #expect(a.json.hasPrefix("{\"scenario\":\"engine-rcu\",\"design\":\"v6.12\",\"seed\":7,\"cpus\":4,\"nodes\":1,"))
        #expect(a.json.contains("\"params\":{\"callbacks\":500,"))
    }

    @Test func unboundedWorkqueueNeedsMoreWorkersThanABoundedOne() throws {
        let s = try ScenarioRunner.scenario(named: "engine-rcu")
        let unbounded = try ScenarioRunner.run(s, context: try context(s, ["callbacks=2000", "hold_us=100"]))
        let bounded = try ScenarioRunner.run(s, context: try context(s, ["callbacks=2000", "hold_us=100", "max_active=1"]))
        #expect(unbounded.metrics["peak_workers"]! > 10)
        #expect(bounded.metrics["peak_workers"] == 1)
        #expect(unbounded.metrics["callbacks_run"] == 8000)
        #expect(unbounded.metrics["grace_periods"]! < 100)
    }
}
