public import KernelSim
public import Memcg

/// Everything a scenario run is given: the design, the engine settings and
/// the validated parameters.
public struct ScenarioContext: Sendable {
    public let designName: String
    public let design: Design
    public let seed: UInt64
    public let topology: Topology
    public let costs: CostModel
    public let parameters: [String: Int]

    public init(designName: String, design: Design, seed: UInt64, topology: Topology, costs: CostModel, parameters: [String: Int]) {
        self.designName = designName
        self.design = design
        self.seed = seed
        self.topology = topology
        self.costs = costs
        self.parameters = parameters
    }

    public subscript(parameter name: String) -> Int {
        guard let value = parameters[name] else {
            preconditionFailure("scenario read undeclared parameter \(name)")
        }
        return value
    }

    /// A fresh engine with this run's settings.
    func makeKernel() -> Kernel {
        Kernel(KernelConfiguration(topology: topology, seed: seed, costs: costs))
    }
}
