import KernelSim
package import Memcg

/// The one way the test suites build a memory controller: a design, a
/// machine topology and a seed, on a fresh kernel with the default cost
/// model. The defaults are those of `Kernel()` (4 CPUs, 1 node, 16 GiB,
/// seed 1).
package func testController(_ design: Design = Design(), cpus: Int = 4, nodes: Int = 1,
                            memoryBytes: Int = Topology.defaultMemoryBytes, seed: UInt64 = 1) -> MemoryController {
    let topology: Topology
    do {
        topology = try Topology(cpus: cpus, nodes: nodes, memoryBytes: memoryBytes)
    } catch {
        preconditionFailure("test topology \(cpus) CPUs x \(nodes) nodes, \(memoryBytes) bytes: \(error)")
    }
    return MemoryController(kernel: Kernel(KernelConfiguration(topology: topology, seed: seed)), design: design)
}

/// A controller for a design built from the defaults by `configure`.
package func testController(cpus: Int = 4, nodes: Int = 1, seed: UInt64 = 1,
                            _ configure: (inout Design) -> Void) -> MemoryController {
    testController(Design.with(configure), cpus: cpus, nodes: nodes, seed: seed)
}

/// A controller for a named preset's design (`v4.10`, `v6.12`, ...).
package func testController(preset: String, cpus: Int = 4, nodes: Int = 1, seed: UInt64 = 1) throws(DesignError) -> MemoryController {
    testController(try Preset.named(preset).design, cpus: cpus, nodes: nodes, seed: seed)
}
