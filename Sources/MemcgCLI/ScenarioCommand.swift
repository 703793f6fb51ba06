import ArgumentParser
import Foundation
import KernelSim
import Memcg
import Scenarios

/// `memcg scenario`: named experiments.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "List, describe and run the named experiments.",
        subcommands: [List.self, Describe.self, Run.self, Compare.self]
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
            lines.append("  (default machine: --cpus \(topo.cpus) --nodes \(topo.nodes) --memory \(topo.memoryBytes >> 20)M)")
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
            let values = try parameterValues(scenario, parameters)
            let context = try options.context(for: scenario, design: options.resolvedDesign(), parameters: values)
            let report = try ScenarioRunner.run(scenario, context: context)
            print(options.json ? report.json : report.text)
        }
    }
}

extension ScenarioCommand {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one scenario under several designs and print the metrics side by side.")
        @Argument(help: "Scenario name.") var name: String
        @Option(help: ArgumentHelp("Comma-separated presets (default: every preset).", valueName: "P1,P2,..."))
        var designs: String?
        @OptionGroup var options: RunOptions
        @Option(name: .customLong("param"), help: ArgumentHelp("Scenario parameter. Repeatable.", valueName: "KEY=VALUE"))
        var parameters: [String] = []

        func run() throws {
            let scenario = try lookup(name)
            let presets = designs.map { $0.split(separator: ",").map(String.init) } ?? Preset.all.map(\.name)
            let values = try parameterValues(scenario, parameters)
            var reports: [ScenarioReport] = []
            // Resolve every design before running any, so a typo fails fast.
            let resolved = try presets.map { preset -> (name: String, design: Design) in
                var copy = options
                copy.design = preset
                return try copy.resolvedDesign()
            }
            let selection: ScenarioRunner.DesignSelection
            do {
                selection = try ScenarioRunner.designsToCompare(scenario, resolved, named: designs != nil)
            } catch {
                throw ValidationError(error.description)
            }
            if let note = selection.note { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            for design in selection.designs {
                let context = try options.context(for: scenario, design: design, parameters: values)
                reports.append(try ScenarioRunner.run(scenario, context: context))
            }
            print(options.json ? "[" + reports.map(\.json).joined(separator: ",") + "]" : ScenarioReport.table(reports))
        }
    }
}

/// Validates `KEY=VALUE` parameters against the scenario's declarations.
private func parameterValues(_ scenario: any Scenario, _ settings: [String]) throws -> [String: Int] {
    do {
        return try ScenarioRunner.parameters(for: scenario, settings)
    } catch {
        throw ValidationError(error.description)
    }
}

extension RunOptions {
    /// The context of one run of `scenario` under `design` with these options.
    func context(for scenario: any Scenario, design: (name: String, design: Design), parameters: [String: Int]) throws -> ScenarioContext {
        ScenarioContext(
            designName: design.name, design: design.design, seed: seed,
            topology: try topology(default: scenario.defaultTopology),
            costs: try costModel(), parameters: parameters)
    }
}

private func lookup(_ name: String) throws -> any Scenario {
    do {
        return try ScenarioRunner.scenario(named: name)
    } catch {
        throw ValidationError(error.description)
    }
}
