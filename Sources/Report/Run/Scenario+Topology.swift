import KernelSim
import Scenarios

extension Scenario {
    /// The machine a report or sweep runs this scenario on: `cpus` and
    /// `nodes` in place of the scenario's own where given; the memory is
    /// always the scenario's (its pressure depends on it).
    func topology(cpus: Int?, nodes: Int?) throws(SimError) -> Topology {
        let own = defaultTopology
        return try Topology(cpus: cpus ?? own.cpus, nodes: nodes ?? own.nodes, memoryBytes: own.memoryBytes)
    }
}
