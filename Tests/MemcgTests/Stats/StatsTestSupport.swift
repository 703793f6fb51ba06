import KernelSim
import Memcg

/// Builds the engine and stats instance the statistics tests share.
enum StatsTestSupport {
    static func kernel(cpus: Int = 4, nodes: Int = 2, seed: UInt64 = 1) -> Kernel {
        Kernel(KernelConfiguration(topology: try! Topology(cpus: cpus, nodes: nodes), seed: seed))
    }

    static func stats(_ scheme: VMStatScheme, cpus: Int = 4, nodes: Int = 2, batch: Int = 32) -> MemcgStats {
        MemcgStats(kernel: kernel(cpus: cpus, nodes: nodes), scheme: scheme, batch: batch)
    }

    /// Items callers may update (everything but the derived `slab`).
    static let storedItems = MemcgStatItem.allCases.filter(\.isStored)
}
