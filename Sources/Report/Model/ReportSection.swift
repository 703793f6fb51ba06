/// One experiment of a section: a scenario run under several designs with
/// the same parameters.
package struct Experiment: Sendable {
    package let name: String
    package let scenario: String
    package let designs: [String]
    package let params: [(name: String, value: Int)]
    package let cpus: Int?
    package let nodes: Int?
    /// Rough host seconds of one run at this scale, for the progress line's
    /// percentage and ETA only; `slower` for designs that take longer.
    let estimatedSeconds: Double
    let slower: [String: Double]

    init(_ name: String, scenario: String, designs: [String], params: [(name: String, value: Int)] = [],
                cpus: Int? = nil, nodes: Int? = nil, estimatedSeconds: Double, slower: [String: Double] = [:]) {
        self.slower = slower
        self.name = name
        self.scenario = scenario
        self.designs = designs
        self.params = params
        self.cpus = cpus
        self.nodes = nodes
        self.estimatedSeconds = estimatedSeconds
    }
}

/// What the report prints for one seed (or one design change): the
/// question, the tables, the references and what they say, the charts.
package struct SectionOutcome: Sendable {
    package let id: String
    package let seeds: [String]
    package let title: String
    let question: String
    package var tables: [FigureTable] = []
    package var references: [Reference] = []
    package var comparisons: [Comparison] = []
    package var charts: [Chart] = []
    /// Findings in words (what the figures show, where designs were left out).
    package var notes: [String] = []
    /// What this section would need that the model does not have yet.
    var notModelled: [String] = []
    /// Experiments left out because a Ctrl-C stopped the report first.
    var incomplete = false
}

/// A seed's section of `memcg report`: which experiments it needs, and how
/// their runs become tables, comparisons and charts.
package protocol ReportSection: Sendable {
    var id: String { get }
    /// The names `--seeds` selects it by.
    var seeds: [String] { get }
    var title: String { get }
    var question: String { get }
    var references: [Reference] { get }
    var notModelled: [String] { get }
    /// The experiments at the default or at the seeds' own (`full`) scale.
    func experiments(full: Bool) -> [Experiment]
    /// The section from the runs of its experiments.
    func build(_ runs: SectionRuns, full: Bool) -> SectionOutcome
}

extension ReportSection {
    var notModelled: [String] { [] }

    /// An outcome with the section's heading and references filled in.
    func outcome() -> SectionOutcome {
        var o = SectionOutcome(id: id, seeds: seeds, title: title, question: question)
        o.references = references
        o.notModelled = notModelled
        return o
    }
}

/// The runs a section's experiments produced, by experiment and design.
package struct SectionRuns: Sendable {
    package let experiments: [Experiment]
    let records: [String: [String: RunRecord]]

    init(experiments: [Experiment], records: [String: [String: RunRecord]]) {
        self.experiments = experiments
        self.records = records
    }

    package func run(_ experiment: String, _ design: String) -> RunRecord? { records[experiment]?[design] }

    /// The designs of `experiment` that have a run, in the experiment's order.
    package func designs(_ experiment: String) -> [String] {
        guard let e = experiments.first(where: { $0.name == experiment }) else { return [] }
        return e.designs.filter { records[experiment]?[$0] != nil }
    }

    /// One metric of an experiment under each design that ran it.
    package func values(_ experiment: String, _ metric: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for design in designs(experiment) { out[design] = run(experiment, design)?[metric] }
        return out
    }

    /// A series recorded as `prefix<N>` metrics, sorted by N.
    package func series(_ experiment: String, _ design: String, prefix: String) -> [(x: Double, y: Double)] {
        guard let record = run(experiment, design) else { return [] }
        return record.metrics.compactMap { metric -> (x: Double, y: Double)? in
            guard metric.name.hasPrefix(prefix), let n = Double(metric.name.dropFirst(prefix.count)) else { return nil }
            return (n, metric.value)
        }.sorted { $0.x < $1.x }
    }

    /// The table of one experiment.
    package func table(_ title: String, _ experiment: String, rows: [FigureRow]) -> FigureTable? {
        let designs = designs(experiment)
        guard let first = designs.first.flatMap({ run(experiment, $0) }) else { return nil }
        let record = ExperimentRecord(name: experiment, scenario: first.scenario, cpus: first.cpus, nodes: first.nodes,
                                      params: first.params, runs: designs.compactMap { run(experiment, $0) })
        return FigureTable(title: title, experiment: record, designs: designs, rows: rows)
    }
}
