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
        @Flag(name: .long, help: "Print machine-readable JSON: an array of {name, summary}.") var json = false

        func run() {
            guard json else {
                for scenario in ScenarioCatalog.all { print("\(scenario.name)\t\(scenario.summary)") }
                return
            }
            let out = JSONWriter()
            out.array {
                for scenario in ScenarioCatalog.all {
                    out.object {
                        out.field("name", string: scenario.name)
                        out.field("summary", string: scenario.summary)
                    }
                }
            }
            print(out.text)
        }
    }

    struct Describe: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A scenario's parameters (defaults and ranges), the designs it applies to, and its metrics.")
        @Argument(help: "Scenario name.") var name: String
        @Flag(name: .long, help: "Print machine-readable JSON.") var json = false

        func run() throws {
            let scenario = try lookup(name)
            let topo = scenario.defaultTopology
            if json {
                let out = JSONWriter()
                out.object {
                    out.field("name", string: scenario.name)
                    out.field("summary", string: scenario.summary)
                    out.field("details", string: scenario.details)
                    out.key("parameters")
                    out.array {
                        for p in scenario.parameters {
                            out.object {
                                out.field("name", string: p.name)
                                out.field("default", number: Double(p.defaultValue))
                                out.field("min", number: Double(p.range.lowerBound))
                                out.field("max", number: Double(p.range.upperBound))
                                out.field("summary", string: p.summary)
                            }
                        }
                    }
                    out.field("default_design", string: scenario.defaultDesignName)
                    out.key("designs")
                    out.array { for name in scenario.applicablePresets { out.string(name) } }
                    out.field("default_cpus", number: Double(topo.cpus))
                    out.field("default_nodes", number: Double(topo.nodes))
                    out.field("default_memory", number: Double(topo.memoryBytes))
                    out.key("metrics")
                    out.array {
                        for m in scenario.metrics {
                            out.object {
                                out.field("name", string: m.name)
                                out.field("summary", string: m.summary)
                            }
                        }
                    }
                }
                print(out.text)
                return
            }
            var lines = ["\(scenario.name): \(scenario.summary)", "", scenario.details, "", "PARAMETERS (--param KEY=VALUE)"]
            let pWidth = scenario.parameters.map(\.name.count).max() ?? 0
            let ranges = scenario.parameters.map { "\($0.range.lowerBound)...\($0.range.upperBound)" }
            let rWidth = ranges.map(\.count).max() ?? 0
            for (p, range) in zip(scenario.parameters, ranges) {
                lines.append("  " + p.name.padding(toLength: pWidth, withPad: " ", startingAt: 0)
                    + "  " + range.padding(toLength: rWidth, withPad: " ", startingAt: 0)
                    + "  default \(p.defaultValue)  \(p.summary)")
            }
            lines.append("  (default machine: --cpus \(topo.cpus) --nodes \(topo.nodes) --memory \(topo.memoryBytes >> 20)M)")
            lines.append("")
            let all = Preset.all.map(\.name)
            let applicable = scenario.applicablePresets
            lines.append("DESIGNS  " + (applicable == all ? "every preset" : applicable.joined(separator: ", "))
                + " (default \(scenario.defaultDesignName))")
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
        static let configuration = CommandConfiguration(
            abstract: "Run one scenario under one design and print its metrics.",
            discussion: "Without --design the scenario runs under its own default design (see `scenario describe`).")
        @Argument(help: "Scenario name.") var name: String
        @OptionGroup var options: RunOptions
        @OptionGroup var limits: LimitOptions
        @Option(name: .customLong("param"), help: ArgumentHelp("Scenario parameter. Repeatable.", valueName: "KEY=VALUE"))
        var parameters: [String] = []

        func run() throws {
            let scenario = try lookup(name)
            let values = try parameterValues(scenario, parameters)
            let design = try options.resolvedDesign(fallback: scenario.defaultDesignName)
            let context = try options.context(for: scenario, design: design, parameters: values)
            try limits.check(estimate: scenario.estimatedHostBytes(context), what: "scenario \(scenario.name)")
            let report: ScenarioReport
            do {
                report = try ScenarioRunner.run(scenario, context: context)
            } catch let error as ScenarioError {
                if case .notApplicable = error { throw InputError(error.description) }
                printError("memcg: \(error.description)")
                throw ExitCode(ExitStatus.failure)
            }
            if options.json {
                print(report.json)
            } else {
                print(report.text)
                if let wall = report.wallText { printError("wall-clock (host) figures:\n" + wall) }
            }
        }
    }
}

extension ScenarioCommand {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one scenario under several designs and print the metrics side by side.",
            discussion: """
                The text table holds the model's figures only, so two runs of one seed print
                the same bytes; wall-clock figures go to standard error (and into --json).
                """)
        @Argument(help: "Scenario name.") var name: String
        @Option(help: ArgumentHelp("Comma-separated presets (default: every preset the scenario applies to).", valueName: "P1,P2,..."))
        var designs: String?
        @OptionGroup var options: RunOptions
        @OptionGroup var limits: LimitOptions
        @Option(name: .customLong("param"), help: ArgumentHelp("Scenario parameter. Repeatable.", valueName: "KEY=VALUE"))
        var parameters: [String] = []

        func run() throws {
            try options.reject([(options.design != nil, "--design", "compare runs the presets named by --designs")])
            let scenario = try lookup(name)
            var presets = Preset.all.map(\.name)
            if let designs {
                presets = designs.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard !presets.isEmpty, presets.allSatisfy({ !$0.isEmpty }) else {
                    throw InputError("--designs: expected a comma-separated list of presets such as v4.10,v6.12, got '\(designs)'")
                }
            }
            let values = try parameterValues(scenario, parameters)
            // Resolve every design before running any, so a typo fails fast.
            let resolved = try presets.map { try RunOptions.resolve($0, settings: options.settings) }
            let selection: ScenarioRunner.DesignSelection
            do {
                selection = try ScenarioRunner.designsToCompare(scenario, resolved, named: designs != nil)
            } catch {
                throw InputError(error.description)
            }
            let contexts = try selection.designs.map { try options.context(for: scenario, design: $0, parameters: values) }
            for context in contexts {
                try limits.check(estimate: scenario.estimatedHostBytes(context), what: "scenario \(scenario.name) under \(context.designName)")
            }
            if let note = selection.note { printError("note: \(note)") }
            var reports: [ScenarioReport] = []
            for context in contexts {
                do {
                    reports.append(try ScenarioRunner.run(scenario, context: context))
                } catch {
                    printError("memcg: \(error)")
                    throw ExitCode(ExitStatus.failure)
                }
            }
            if options.json {
                print("[" + reports.map(\.json).joined(separator: ",") + "]")
            } else {
                print(ScenarioReport.table(reports))
                let wall = reports.compactMap(\.wallText)
                if !wall.isEmpty { printError("wall-clock (host) figures:\n" + wall.joined(separator: "\n")) }
            }
        }
    }
}

/// Validates `KEY=VALUE` parameters against the scenario's declarations.
private func parameterValues(_ scenario: any Scenario, _ settings: [String]) throws -> [String: Int] {
    do {
        return try ScenarioRunner.parameters(for: scenario, settings)
    } catch {
        throw InputError(error.description)
    }
}

extension RunOptions {
    /// The context of one run of `scenario` under `design` with these options.
    func context(for scenario: any Scenario, design: (name: String, design: Design), parameters: [String: Int]) throws -> ScenarioContext {
        ScenarioContext(
            designName: design.name, design: design.design, seed: seedValue,
            topology: try topology(default: scenario.defaultTopology),
            costs: try costModel(), parameters: parameters)
    }
}

private func lookup(_ name: String) throws -> any Scenario {
    do {
        return try ScenarioRunner.scenario(named: name)
    } catch {
        throw InputError(error.description)
    }
}
