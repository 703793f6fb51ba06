import ArgumentParser
import KernelSim
import Memcg
import Scenarios

/// `memcg scenario`: named experiments.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "List, describe and run the named experiments.",
        subcommands: [List.self, Describe.self, Run.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One scenario a line: name, a tab, what it shows.")
        func run() {
            for scenario in ScenarioCatalog.all { print("\(scenario.name)\t\(scenario.summary)") }
        }
    }

    struct Describe: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A scenario's parameters (with defaults) and metrics.")
        @Argument(help: "Scenario name.") var name: String

        func run() throws {
            let scenario = try lookup(name)
            var lines = ["\(scenario.name): \(scenario.summary)", "", scenario.details, "", "PARAMETERS (--param KEY=VALUE)"]
            let pWidth = scenario.parameters.map(\.name.count).max() ?? 0
            for p in scenario.parameters {
                lines.append("  " + p.name.padding(toLength: pWidth, withPad: " ", startingAt: 0) + "  default \(p.defaultValue)  \(p.summary)")
            }
            let topo = scenario.defaultTopology
            lines.append("  (default machine: --cpus \(topo.cpus) --nodes \(topo.nodes))")
            lines.append("")
            lines.append("METRICS")
            let mWidth = scenario.metrics.map(\.name.count).max() ?? 0
            for m in scenario.metrics {
                lines.append("  " + m.name.padding(toLength: mWidth, withPad: " ", startingAt: 0) + "  \(m.summary)")
            }
            print(lines.joined(separator: "\n"))
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run one scenario under one design and print its metrics.")
        @Argument(help: "Scenario name.") var name: String
        @OptionGroup var options: RunOptions
        @Option(name: .customLong("param"), help: ArgumentHelp("Scenario parameter. Repeatable.", valueName: "KEY=VALUE"))
        var parameters: [String] = []

        func run() throws {
            let scenario = try lookup(name)
            let (designName, design) = try options.resolvedDesign()
            let values: [String: Int]
            do {
                values = try ScenarioRunner.parameters(for: scenario, parameters)
            } catch {
                throw ValidationError(error.description)
            }
            let context = ScenarioContext(
                designName: designName, design: design, seed: options.seed,
                topology: try options.topology(default: scenario.defaultTopology),
                costs: try options.costModel(), parameters: values)
            let report = try ScenarioRunner.run(scenario, context: context)
            print(options.json ? report.json : report.text)
        }
    }
}

private func lookup(_ name: String) throws -> any Scenario {
    do {
        return try ScenarioRunner.scenario(named: name)
    } catch {
        throw ValidationError(error.description)
    }
}
