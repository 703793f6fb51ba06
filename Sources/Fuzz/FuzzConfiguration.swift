public import KernelSim
public import Memcg

/// One randomized run: which design, which seed, how many operations,
/// which faults.
public struct FuzzConfiguration: Sendable {
    public var designName: String
    public var design: Design
    public var seed: UInt64
    public var operations: Int
    public var topology: Topology
    public var costs: CostModel
    /// Failure rates per fault point, applied at the start of the run.
    public var faults: [(point: String, rate: Double)]
    /// The full invariants run every this many steps (and at the end).
    public var fullCheckInterval: Int
    /// Extra setup of the system before the run. Tests use it to plant a
    /// bug and see the checker catch it.
    public var prepare: (@Sendable (MemoryController) -> Void)?

    public init(designName: String, design: Design, seed: UInt64, operations: Int,
                topology: Topology = try! Topology(), costs: CostModel = CostModel(),
                faults: [(point: String, rate: Double)] = [], fullCheckInterval: Int = 1_000) {
        self.designName = designName
        self.design = design
        self.seed = seed
        self.operations = operations
        self.topology = topology
        self.costs = costs
        self.faults = faults
        self.fullCheckInterval = fullCheckInterval
    }

    /// The `memcg script` options that replay this run's system.
    public var replayOptions: String {
        "--design \(designName) --seed \(seed) --cpus \(topology.cpus) --nodes \(topology.nodes)"
    }
}
