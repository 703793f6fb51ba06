import Foundation
import Memcg

extension Report {
    /// A report of a plain parameter sweep read back with `--from`: per
    /// scenario and parameter combination, a table with the designs as
    /// columns and every model metric as a row. Wall-clock metrics are left
    /// out so the text stays the same from one run to the next.
    public init(sweep records: [RunRecord], version: String) {
        let order = Dictionary(uniqueKeysWithValues: Preset.all.enumerated().map { ($1.name, $0) })
        var groups: [String: [RunRecord]] = [:]
        var keys: [String] = []
        for record in records {
            let key = "\(record.scenario) \(record.cpus) \(record.nodes) \(record.seed) " + record.params.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            if groups[key] == nil { keys.append(key) }
            groups[key, default: []].append(record)
        }
        var sections: [String: SectionOutcome] = [:]
        var scenarios: [String] = []
        for key in keys.sorted(by: { $0.localizedStandardCompare($1) == .orderedAscending }) {
            let runs = groups[key]!.sorted { (order[$0.design] ?? Int.max, $0.design) < (order[$1.design] ?? Int.max, $1.design) }
            let first = runs[0]
            if sections[first.scenario] == nil {
                scenarios.append(first.scenario)
                sections[first.scenario] = SectionOutcome(id: first.scenario, seeds: [], title: "sweep of \(first.scenario)",
                                                          question: "The runs of a sweep, as memcg sweep wrote them.")
            }
            let metrics = first.metrics.map(\.name).filter { !$0.hasPrefix("wall_") && !$0.hasPrefix("series_") }
            let rows = metrics.map { name in
                FigureRow(name, unit: FigureUnit(metric: name), source: name,
                          values: Dictionary(runs.compactMap { r in r[name].map { (r.design, $0) } }, uniquingKeysWith: { a, _ in a }))
            }
            let experiment = ExperimentRecord(name: key, scenario: first.scenario, cpus: first.cpus, nodes: first.nodes,
                                              params: first.params, runs: runs)
            let title = first.params.map { "\($0.name)=\(FigureFormat.grouped(Double($0.value)))" }.joined(separator: " ")
            sections[first.scenario]!.tables.append(FigureTable(title: title.isEmpty ? first.scenario : title, experiment: experiment,
                                                                designs: runs.map(\.design), rows: rows))
        }
        self.init(version: version, seed: records.first?.seed ?? 0, full: false,
                  hostCPUs: ProcessInfo.processInfo.activeProcessorCount,
                  sections: scenarios.compactMap { sections[$0] }, runsNotMade: 0, wallSeconds: 0)
    }
}

extension FigureUnit {
    /// The unit a metric's name says it is in (`_bytes`, `_seconds`, ...).
    init(metric name: String) {
        self = if name.hasSuffix("_bytes") { .bytes }
        else if name.hasSuffix("_pages") || name.contains("_pages_") { .pages }
        else if name.hasSuffix("_seconds") { .seconds }
        else if name.hasSuffix("_ms") { .milliseconds }
        else if name.hasSuffix("_percent") { .percent }
        else if name.hasSuffix("_exponent") { .exponent }
        else { .count }
    }
}
