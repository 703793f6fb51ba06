public import KernelSim
public import Memcg

/// A named experiment: a workload run under one design, reporting figures.
///
/// A scenario's metrics come from running the model; nothing it reports
/// is computed beside the model from a formula.
public protocol Scenario: Sendable {
    var name: String { get }
    /// One line for `memcg scenario list`.
    var summary: String { get }
    /// Longer text for `memcg scenario describe`.
    var details: String { get }
    var parameters: [ScenarioParameter] { get }
    var metrics: [ScenarioMetric] { get }
    /// The topology used when the user names none (most use 4 CPUs, 1 node).
    var defaultTopology: Topology { get }
    /// Why the scenario cannot run under `design` (a mechanism it measures
    /// does not exist there), or nil if it can.
    func inapplicability(to design: Design) -> String?
    /// Host memory the model will take for this run, estimated from the
    /// parameters and the topology before it starts, so that a run too big
    /// for the machine is refused instead of dying half-way.
    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64
    func run(_ context: ScenarioContext) throws -> ScenarioMetrics
}

extension Scenario {
    public var details: String { summary }
    public var defaultTopology: Topology { try! Topology() }
    public func inapplicability(to design: Design) -> String? { nil }

    /// The preset a run uses when none is named: the project's default
    /// preset if the scenario applies to it, otherwise the newest preset it
    /// applies to.
    public var defaultDesignName: String {
        if inapplicability(to: (try? Preset.named(Preset.defaultName).design) ?? Design()) == nil { return Preset.defaultName }
        return Preset.all.last(where: { inapplicability(to: $0.design) == nil })?.name ?? Preset.defaultName
    }

    /// The presets the scenario applies to, oldest first.
    public var applicablePresets: [String] {
        Preset.all.filter { inapplicability(to: $0.design) == nil }.map(\.name)
    }
}

/// A parameter a scenario accepts with `--param KEY=VALUE`.
public struct ScenarioParameter: Sendable {
    public let name: String
    public let defaultValue: Int
    public let summary: String
    /// The smallest and largest accepted values.
    public let range: ClosedRange<Int>

    public init(_ name: String, default defaultValue: Int, range: ClosedRange<Int> = 0...Int.max, _ summary: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.range = range
        self.summary = summary
    }
}

/// A figure a scenario reports. Names starting `wall_` are host wall-clock
/// figures and the only ones that differ between two runs of one seed.
public struct ScenarioMetric: Sendable {
    public let name: String
    public let summary: String
    init(_ name: String, _ summary: String) {
        self.name = name
        self.summary = summary
    }
}

/// The metrics of one run, in the order the scenario reported them.
public struct ScenarioMetrics: Sendable {
    public private(set) var entries: [(name: String, value: Double)] = []
    init() {}

    public subscript(name: String) -> Double? {
        entries.first(where: { $0.name == name })?.value
    }

    public mutating func set(_ name: String, _ value: Double) {
        if let index = entries.firstIndex(where: { $0.name == name }) {
            entries[index].value = value
        } else {
            entries.append((name, value))
        }
    }

    public mutating func set(_ name: String, _ value: some BinaryInteger) { set(name, Double(value)) }

    /// The figures that come from the model alone (every name not starting
    /// `wall_`), as `name=value`: equal for any two runs of one seed.
    var modelFigures: [String] {
        entries.filter { !$0.name.hasPrefix("wall_") }.map { "\($0.name)=\($0.value)" }
    }
}
