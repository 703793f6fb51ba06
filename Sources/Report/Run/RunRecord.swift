/// The outcome of one scenario run as the report uses it: what `memcg
/// scenario run --json` and `memcg sweep` print, one JSON object a line.
public struct RunRecord: Sendable {
    public let scenario: String
    public let design: String
    public let seed: UInt64
    public let cpus: Int
    public let nodes: Int
    public let knobs: [(name: String, value: String)]
    public let params: [(name: String, value: Int)]
    public let metrics: [(name: String, value: Double)]

    public subscript(metric: String) -> Double? {
        metrics.first(where: { $0.name == metric })?.value
    }

    /// The run's identity: what was asked for, not what came out.
    public var key: RunKey {
        RunKey(scenario: scenario, design: design, seed: seed, cpus: cpus, nodes: nodes, params: params.map { "\($0.name)=\($0.value)" })
    }

    /// Reads one line written by `ScenarioReport.json`.
    public init(jsonLine line: String) throws(ReportError) {
        let value: JSONValue
        do { value = try JSONValue.parse(line) } catch { throw .badRecord("not a JSON object: \(error)") }
        guard let scenario = value["scenario"]?.string, let design = value["design"]?.string,
              let seed = value["seed"]?.number, let cpus = value["cpus"]?.number, let nodes = value["nodes"]?.number,
              let knobs = value["knobs"], let params = value["params"], let metrics = value["metrics"] else {
            throw .badRecord("a run needs scenario, design, seed, cpus, nodes, knobs, params and metrics")
        }
        self.scenario = scenario
        self.design = design
        self.seed = UInt64(seed)
        self.cpus = Int(cpus)
        self.nodes = Int(nodes)
        self.knobs = knobs.members.map { ($0.key, $0.value.string ?? "") }
        self.params = params.members.map { ($0.key, Int($0.value.number ?? 0)) }
        self.metrics = metrics.members.map { ($0.key, $0.value.number ?? 0) }
    }
}

/// What identifies a run: scenario, design, seed, machine and every
/// parameter (defaults included).
public struct RunKey: Hashable, Sendable, CustomStringConvertible {
    public let scenario: String
    public let design: String
    public let seed: UInt64
    public let cpus: Int
    public let nodes: Int
    public let params: [String]

    public var description: String {
        "\(scenario) --design \(design) --seed \(seed) --cpus \(cpus) --nodes \(nodes) " + params.map { "--param \($0)" }.joined(separator: " ")
    }
}
