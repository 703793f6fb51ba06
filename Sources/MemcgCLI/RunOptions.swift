import ArgumentParser
import KernelSim
import Memcg
import Workload

/// The options every run-like subcommand takes: which design, which seed,
/// what machine.
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Kernel design preset (see `memcg designs`).", valueName: "PRESET"))
    var design: String = Preset.defaultName

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one design knob, e.g. --set memcgIDRelease=atRelease. Repeatable.", valueName: "KNOB=VALUE"))
    var settings: [String] = []

    @Option(name: .long, help: "Seed for the simulation's random generator.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Number of virtual CPUs (default 4, or the scenario's own default).")
    var cpus: Int?

    @Option(name: .long, help: "Number of NUMA nodes (default 1, or the scenario's own default).")
    var nodes: Int?

    @Option(name: .long, help: ArgumentHelp("Memory of the machine, spread over the nodes (default 16G), e.g. --memory 4G.", valueName: "SIZE"))
    var memory: String?

    @Option(name: .customLong("cost"), help: ArgumentHelp("Override a cost-model entry, e.g. --cost grace_period=5ms. Repeatable.", valueName: "NAME=DURATION"))
    var costOverrides: [String] = []

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    /// The design named by --design with the --set overrides applied, and its display name.
    func resolvedDesign() throws -> (name: String, design: Design) {
        do {
            var design = try Preset.named(self.design).design
            try design.apply(settings: settings)
            let name = settings.isEmpty ? self.design : self.design + "+" + settings.joined(separator: ",")
            return (name, design)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func topology(default fallback: Topology = try! Topology()) throws -> Topology {
        var memoryBytes = fallback.memoryBytes
        if let memory {
            guard let bytes = WorkloadAction.parseSize(memory) else {
                throw ValidationError("--memory: expected a size such as 4G or 512M, got '\(memory)'")
            }
            memoryBytes = bytes
        }
        do {
            return try Topology(cpus: cpus ?? fallback.cpus, nodes: nodes ?? fallback.nodes, memoryBytes: memoryBytes)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func costModel() throws -> CostModel {
        var costs = CostModel()
        do {
            try costs.apply(overrides: costOverrides)
        } catch {
            throw ValidationError(error.description)
        }
        return costs
    }
}

/// A kernel with every fault point registered, from a throwaway model: for
/// listing the points and validating names before any run.
func kernelWithFaultPoints() -> Kernel {
    let kernel = Kernel()
    _ = MemoryController(kernel: kernel, design: Design())
    return kernel
}
