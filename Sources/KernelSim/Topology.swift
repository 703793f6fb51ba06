/// The machine the simulated kernel runs on: how many CPUs and NUMA nodes,
/// and how much memory (spread evenly over the nodes).
///
/// CPUs are spread over nodes in contiguous blocks, as firmware usually
/// numbers them: with 8 CPUs and 2 nodes, CPUs 0-3 are on node 0.
public struct Topology: Hashable, Sendable {
    public let cpus: Int
    public let nodes: Int
    /// Bytes of memory, all nodes together.
    public let memoryBytes: Int

    /// 16 GiB: a small server, so that page-cache scenarios reach the
    /// watermarks only when they mean to.
    public static let defaultMemoryBytes = 16 << 30
    /// The page-frame index of a page record is 32 bits: at most 16 TiB.
    public static let maxMemoryBytes = 16 << 40
    /// At least 16 MiB per node, so the watermarks leave pages to use.
    public static let minMemoryBytesPerNode = 16 << 20

    public static let maxCPUs = 4096
    public static let maxNodes = 1024

    public init(cpus: Int = 4, nodes: Int = 1, memoryBytes: Int = Topology.defaultMemoryBytes) throws(SimError) {
        guard (1...Topology.maxCPUs).contains(cpus) else {
            throw SimError.invalidArgument("cpus must be between 1 and \(Topology.maxCPUs), got \(cpus)")
        }
        guard (1...Topology.maxNodes).contains(nodes) else {
            throw SimError.invalidArgument("nodes must be between 1 and \(Topology.maxNodes), got \(nodes)")
        }
        guard memoryBytes >= nodes * Topology.minMemoryBytesPerNode, memoryBytes <= Topology.maxMemoryBytes else {
            throw SimError.invalidArgument("memory must be between \(Topology.minMemoryBytesPerNode >> 20)M per node and \(Topology.maxMemoryBytes >> 40)T, got \(memoryBytes) bytes")
        }
        self.cpus = cpus
        self.nodes = nodes
        self.memoryBytes = memoryBytes
    }

    /// The NUMA node a CPU belongs to.
    public func node(ofCPU cpu: Int) -> Int {
        nodes == 1 ? 0 : min(nodes - 1, cpu * nodes / max(cpus, 1))
    }
}
