import Foundation
import KernelSim
import Memcg
public import Scenarios

/// A parameter sweep: one scenario over every combination of the swept
/// values, under several designs, split into shards for array jobs.
public struct Sweep: Sendable {
    public let runs: [RunSpec]

    /// The most runs one sweep may name, so a typo in a range cannot ask for
    /// billions of runs.
    public static let maxRuns = 100_000

    /// Values of one `--param KEY=SPEC`: `V`, `A,B,C`, `A..B` (step 1) or
    /// `A..B*F` (times F).
    public static func values(_ spec: String, for parameter: ScenarioParameter) throws(ReportError) -> [Int] {
        func int(_ s: Substring) throws(ReportError) -> Int {
            guard let v = Int(s.replacingOccurrences(of: "_", with: "")), parameter.range.contains(v) else {
                let upper = parameter.range.upperBound == Int.max ? "" : "\(parameter.range.upperBound)"
                throw .badRange("--param \(parameter.name)=\(spec): '\(s)' is not an integer in \(parameter.range.lowerBound)...\(upper)")
            }
            return v
        }
        if let dots = spec.range(of: "..") {
            let a = try int(spec[..<dots.lowerBound])
            var rest = spec[dots.upperBound...]
            var factor = 0
            if let star = rest.firstIndex(of: "*") {
                guard let f = Int(rest[rest.index(after: star)...]), f >= 2, f <= 1_000 else {
                    throw .badRange("--param \(parameter.name)=\(spec): the factor after '*' must be an integer in 2...1000")
                }
                factor = f
                rest = rest[..<star]
            }
            let b = try int(rest)
            guard a <= b else { throw .badRange("--param \(parameter.name)=\(spec): A..B needs A <= B") }
            guard factor == 0 || a > 0 else { throw .badRange("--param \(parameter.name)=\(spec): a range multiplied by F must start above 0") }
            var out: [Int] = []
            var v = a
            while v <= b {
                out.append(v)
                guard out.count <= maxRuns else { throw .badRange("--param \(parameter.name)=\(spec): more than \(maxRuns) values") }
                let (next, overflow) = factor == 0 ? v.addingReportingOverflow(1) : v.multipliedReportingOverflow(by: factor)
                if overflow { break }
                v = next
            }
            return out
        }
        return try spec.split(separator: ",", omittingEmptySubsequences: false).map { (s) throws(ReportError) -> Int in try int(s) }
    }

    /// Every run of `scenario` over the cartesian product of `params` under
    /// each of `designs`.
    public init(scenario name: String, params: [String], designs: [String], seed: UInt64, cpus: Int?, nodes: Int?) throws(ReportError) {
        let scenario: any Scenario
        do { scenario = try ScenarioRunner.scenario(named: name) } catch { throw .badRecord(error.description) }
        let presets = Preset.all.map(\.name)
        for d in designs where !presets.contains(d) { throw .unknownDesign(d, valid: presets) }
        var axes: [(name: String, values: [Int])] = []
        for p in params {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw .badRange("--param '\(p)': expected KEY=V, KEY=A..B or KEY=A..B*F")
            }
            let key = String(p[..<eq])
            guard let declared = scenario.parameters.first(where: { $0.name == key }) else {
                throw .badRange("scenario \(name) has no parameter '\(key)'; valid parameters: \(scenario.parameters.map(\.name).joined(separator: ", "))")
            }
            axes.append((key, try Self.values(String(p[p.index(after: eq)...]), for: declared)))
        }
        var combos: [[(String, Int)]] = [[]]
        for axis in axes {
            combos = combos.flatMap { c in axis.values.map { c + [(axis.name, $0)] } }
            guard combos.count * max(1, designs.count) <= Self.maxRuns else {
                throw .badRange("the sweep names more than \(Self.maxRuns) runs; narrow a --param range")
            }
        }
        let topology: Topology
        do { topology = try scenario.topology(cpus: cpus, nodes: nodes) } catch { throw .badRange(error.description) }
        var runs: [RunSpec] = []
        for combo in combos {
            let parameters: [String: Int]
            do { parameters = try ScenarioRunner.parameters(for: scenario, combo.map { "\($0.0)=\($0.1)" }) } catch { throw .badRange(error.description) }
            for design in designs {
                let preset = try! Preset.named(design)
                if let reason = scenario.inapplicability(to: preset.design) {
                    throw .badRange("\(name) does not apply to \(design): \(reason)")
                }
                let context = ScenarioContext(designName: design, design: preset.design, seed: seed, topology: topology,
                                              costs: CostModel(), parameters: parameters)
                runs.append(RunSpec(section: "sweep", experiment: name, scenario: scenario, design: design, context: context, estimatedSeconds: 1))
            }
        }
        self.runs = runs
    }

    /// The runs of shard `index` (1-based) of `count`: every count-th run.
    public static func shard<T>(_ runs: [T], index: Int, count: Int) -> [T] {
        runs.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    /// Parses `K/N` with 1 <= K <= N.
    public static func parseShard(_ text: String) throws(ReportError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1_000_000, k >= 1, k <= n else {
            throw .badShard(text)
        }
        return (k, n)
    }

    /// Every record in the `*.jsonl` files of `directory`.
    public static func load(directory: String) throws(ReportError) -> [RunKey: RunRecord] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }.sorted()
        } catch {
            throw .io("cannot read directory '\(directory)': \(error.localizedDescription)")
        }
        var records: [RunKey: RunRecord] = [:]
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .io("cannot read '\(path)'") }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                do {
                    let record = try RunRecord(jsonLine: String(line))
                    records[record.key] = record
                } catch {
                    throw .badRecord("\(path):\(number + 1): \(error.description)")
                }
            }
        }
        guard !records.isEmpty else { throw .emptyDirectory(directory) }
        return records
    }
}
