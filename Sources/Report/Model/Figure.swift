/// The unit a figure is shown in. Every number the report prints carries
/// one, so a reader never has to guess whether 6 means pages or GiB.
package enum FigureUnit: String, Sendable, Hashable {
    case bytes
    case pages
    case count
    case seconds
    case milliseconds
    case percent
    case exponent

    /// The word the JSON and Markdown use after a number.
    var symbol: String {
        switch self {
        case .bytes: "B"
        case .pages: "pages"
        case .count: ""
        case .seconds: "s"
        case .milliseconds: "ms"
        case .percent: "%"
        case .exponent: ""
        }
    }
}

/// One row of a section's table: a figure the model produced under each
/// design (nil where the design does not have the mechanism), and the
/// reference it is to be compared with, if any.
package struct FigureRow: Sendable {
    package let label: String
    package let unit: FigureUnit
    /// The metric (and experiment) the figure was read from, for the JSON.
    package let source: String
    package let values: [String: Double]
    let referenceID: String?

    init(_ label: String, unit: FigureUnit, source: String, values: [String: Double], reference: String? = nil) {
        self.label = label
        self.unit = unit
        self.source = source
        self.values = values
        self.referenceID = reference
    }
}

/// A table of one experiment: designs as columns, figures as rows.
package struct FigureTable: Sendable {
    package let title: String
    /// The experiment that produced the figures, as runs were asked for.
    package let experiment: ExperimentRecord
    package let designs: [String]
    package let rows: [FigureRow]
}

/// What the report ran for one table: the scenario, the machine and the
/// parameters, and per design the knobs and every metric.
package struct ExperimentRecord: Sendable {
    package let name: String
    package let scenario: String
    package let cpus: Int
    package let nodes: Int
    package let params: [(name: String, value: Int)]
    package let runs: [RunRecord]
}
