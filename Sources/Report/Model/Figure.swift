/// The unit a figure is shown in. Every number the report prints carries
/// one, so a reader never has to guess whether 6 means pages or GiB.
public enum FigureUnit: String, Sendable, Hashable {
    case bytes
    case pages
    case count
    case seconds
    case milliseconds
    case percent
    case exponent

    /// The word the JSON and Markdown use after a number.
    public var symbol: String {
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
public struct FigureRow: Sendable {
    public let label: String
    public let unit: FigureUnit
    /// The metric (and experiment) the figure was read from, for the JSON.
    public let source: String
    public let values: [String: Double]
    public let referenceID: String?

    public init(_ label: String, unit: FigureUnit, source: String, values: [String: Double], reference: String? = nil) {
        self.label = label
        self.unit = unit
        self.source = source
        self.values = values
        self.referenceID = reference
    }
}

/// A table of one experiment: designs as columns, figures as rows.
public struct FigureTable: Sendable {
    public let title: String
    /// The experiment that produced the figures, as runs were asked for.
    public let experiment: ExperimentRecord
    public let designs: [String]
    public let rows: [FigureRow]
}

/// What the report ran for one table: the scenario, the machine and the
/// parameters, and per design the knobs and every metric.
public struct ExperimentRecord: Sendable {
    public let name: String
    public let scenario: String
    public let cpus: Int
    public let nodes: Int
    public let params: [(name: String, value: Int)]
    public let runs: [RunRecord]
}
