/// The machine the simulated kernel runs on: how many CPUs and NUMA nodes.
///
/// CPUs are spread over nodes in contiguous blocks, as firmware usually
/// numbers them: with 8 CPUs and 2 nodes, CPUs 0-3 are on node 0.
public struct Topology: Hashable, Sendable {
    public let cpus: Int
    public let nodes: Int

    public static let maxCPUs = 4096
    public static let maxNodes = 1024

    public init(cpus: Int = 4, nodes: Int = 1) throws(SimError) {
        guard (1...Topology.maxCPUs).contains(cpus) else {
            throw SimError.invalidArgument("cpus must be between 1 and \(Topology.maxCPUs), got \(cpus)")
        }
        guard (1...Topology.maxNodes).contains(nodes) else {
            throw SimError.invalidArgument("nodes must be between 1 and \(Topology.maxNodes), got \(nodes)")
        }
        self.cpus = cpus
        self.nodes = nodes
    }

    /// The NUMA node a CPU belongs to.
    public func node(ofCPU cpu: Int) -> Int {
        nodes == 1 ? 0 : min(nodes - 1, cpu * nodes / max(cpus, 1))
    }
}
