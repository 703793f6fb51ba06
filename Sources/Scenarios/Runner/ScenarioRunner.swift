public import KernelSim
public import Memcg
import Foundation

/// The outcome of one scenario run, ready to print.
public struct ScenarioReport: Sendable {
    public let scenario: String
    public let designName: String
    public let design: Design
    public let seed: UInt64
    public let topology: Topology
    public let parameters: [(name: String, value: Int)]
    public let metrics: ScenarioMetrics
}

/// Finds scenarios by name, validates parameters and runs them.
public enum ScenarioRunner {
    public static func scenario(named name: String) throws(ScenarioError) -> any Scenario {
        guard let scenario = ScenarioCatalog.all.first(where: { $0.name == name }) else {
            throw .unknownScenario(name, valid: ScenarioCatalog.all.map(\.name))
        }
        return scenario
    }

    /// Parses `KEY=VALUE` parameters against the scenario's declarations.
    public static func parameters(for scenario: any Scenario, _ settings: [String]) throws(ScenarioError) -> [String: Int] {
        var values = Dictionary(uniqueKeysWithValues: scenario.parameters.map { ($0.name, $0.defaultValue) })
        for setting in settings {
            guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
                throw .malformedParameter(setting)
            }
            let key = String(setting[..<eq])
            let text = String(setting[setting.index(after: eq)...])
            guard let declared = scenario.parameters.first(where: { $0.name == key }) else {
                throw .unknownParameter(scenario: scenario.name, name: key, valid: scenario.parameters.map(\.name))
            }
            guard let value = Int(text.replacingOccurrences(of: "_", with: "")), declared.range.contains(value) else {
                throw .parameterOutOfRange(name: key, value: text, range: declared.range)
            }
            values[key] = value
        }
        return values
    }

    /// The designs a comparison runs, and a note on those it leaves out.
    package struct DesignSelection {
        package var designs: [(name: String, design: Design)]
        package var note: String?
    }

    /// Which of `designs` to compare `scenario` under. Designs the user
    /// named must all apply; from the full list of presets, those the
    /// scenario does not apply to are left out with a note (but not all).
    package static func designsToCompare(_ scenario: any Scenario, _ designs: [(name: String, design: Design)],
                                        named: Bool) throws(ScenarioError) -> DesignSelection {
        let reasons = designs.map { scenario.inapplicability(to: $0.design) }
        let skipped = zip(designs, reasons).filter { $0.1 != nil }.map(\.0.name)
        guard let reason = reasons.lazy.compactMap({ $0 }).first else {
            return DesignSelection(designs: designs, note: nil)
        }
        let names = skipped.joined(separator: ", ")
        guard !named, skipped.count < designs.count else {
            throw .notApplicable(scenario: scenario.name, design: names, reason: reason)
        }
        return DesignSelection(designs: zip(designs, reasons).filter { $0.1 == nil }.map(\.0),
                               note: "\(scenario.name) left out \(names): \(reason)")
    }

    public static func run(_ scenario: any Scenario, context: ScenarioContext) throws -> ScenarioReport {
        if let reason = scenario.inapplicability(to: context.design) {
            throw ScenarioError.notApplicable(scenario: scenario.name, design: context.designName, reason: reason)
        }
        let metrics = try scenario.run(context)
        return ScenarioReport(
            scenario: scenario.name, designName: context.designName, design: context.design, seed: context.seed,
            topology: context.topology,
            parameters: scenario.parameters.map { ($0.name, context.parameters[$0.name] ?? $0.defaultValue) },
            metrics: metrics)
    }
}

extension ScenarioReport {
    /// Exactly one JSON object, keys in a fixed order, so equal runs print equal bytes.
    public var json: String {
        let out = JSONWriter()
        out.object {
            out.field("scenario", string: scenario)
            out.field("design", string: designName)
            out.field("seed", number: Double(seed))
            out.field("cpus", number: Double(topology.cpus))
            out.field("nodes", number: Double(topology.nodes))
            out.field("memory", number: Double(topology.memoryBytes))
            out.key("knobs")
            out.object {
                for (knob, value) in design.settings { out.field(knob, string: value) }
            }
            out.key("params")
            out.object {
                for (name, value) in parameters { out.field(name, number: Double(value)) }
            }
            out.key("metrics")
            out.object {
                for (name, value) in metrics.entries { out.field(name, number: value) }
            }
        }
        return out.text
    }

    /// A readable summary: a header, then one metric a line, byte counts
    /// with units. Only figures of the model: the same seed and inputs
    /// print the same bytes (`wallText` has the host's wall-clock figures).
    public var text: String {
        var lines = ["scenario \(scenario)  design \(designName)  seed \(seed)  cpus \(topology.cpus)  nodes \(topology.nodes)  memory \(topology.memoryBytes >> 20)M"]
        let params = parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        if !params.isEmpty { lines.append("params   \(params)") }
        let model = metrics.entries.filter { !$0.name.hasPrefix("wall_") }
        let width = model.map(\.name.count).max() ?? 0
        for (name, value) in model {
            lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + formatMetric(name, value))
        }
        return lines.joined(separator: "\n")
    }

    /// The wall-clock figures (`wall_*`), one a line, or nil if there are none.
    public var wallText: String? {
        let wall = metrics.entries.filter { $0.name.hasPrefix("wall_") }
        guard !wall.isEmpty else { return nil }
        let width = wall.map(\.name.count).max() ?? 0
        return wall.map { "  \(designName)  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + formatNumber($0.value) }
            .joined(separator: "\n")
    }
}

/// A metric as text: byte counts (`*_bytes`) with their unit beside the
/// raw number, everything else as `formatNumber` prints it.
package func formatMetric(_ name: String, _ value: Double) -> String {
    guard ByteCount.isByteMetric(name), value >= 1_024 else { return formatNumber(value) }
    return formatNumber(value) + " (" + ByteCount.text(value) + ")"
}

/// Prints a number as an integer when it is one, otherwise with up to six
/// significant decimals; deterministic for equal inputs.
func formatNumber(_ value: Double) -> String {
    if value.isNaN || value.isInfinite { return "0" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.6g", value)
}

extension ScenarioReport {
    /// Several runs of one scenario side by side: a column per design, a
    /// row per metric.
    public static func table(_ reports: [ScenarioReport]) -> String {
        guard let first = reports.first else { return "" }
        var lines = ["scenario \(first.scenario)  seed \(first.seed)  cpus \(first.topology.cpus)  nodes \(first.topology.nodes)  memory \(first.topology.memoryBytes >> 20)M"]
        let params = first.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        if !params.isEmpty { lines.append("params   \(params)") }
        // Wall-clock figures stay out of the table (see `wallText`): their
        // widths would make two runs of one seed print different bytes.
        let names = first.metrics.entries.map(\.name).filter { !$0.hasPrefix("wall_") }
        let nameWidth = max(6, names.map(\.count).max() ?? 0)
        let cells = reports.map { report in names.map { formatMetric($0, report.metrics[$0] ?? 0) } }
        let widths = reports.indices.map { i in max(reports[i].designName.count, cells[i].map(\.count).max() ?? 0) }
        func row(_ label: String, _ values: [String]) -> String {
            var line = "  " + label.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            for (value, width) in zip(values, widths) {
                line += "  " + String(repeating: " ", count: max(0, width - value.count)) + value
            }
            return line
        }
        lines.append(row("design", reports.map(\.designName)))
        for (index, name) in names.enumerated() { lines.append(row(name, cells.map { $0[index] })) }
        return lines.joined(separator: "\n")
    }
}
