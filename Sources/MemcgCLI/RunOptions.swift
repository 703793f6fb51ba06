import ArgumentParser
import CgroupFS
import Foundation
import KernelSim
import Memcg
import Scenarios
import Workload

/// The options every run-like subcommand takes: which design, which seed,
/// what machine.
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Kernel design preset (see `memcg designs`; default \(Preset.defaultName), or the scenario's own).", valueName: "PRESET"))
    var design: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override one design knob, e.g. --set memcgIDRelease=atRelease. Repeatable.", valueName: "KNOB=VALUE"))
    var settings: [String] = []

    @Option(name: .long, help: "Seed for the simulation's random generator (0...2^64-1, default 1).")
    var seed: UInt64?

    @Option(name: .long, help: "Number of virtual CPUs, 1...\(Topology.maxCPUs) (default 4, or the scenario's own default).")
    var cpus: Int?

    @Option(name: .long, help: "Number of NUMA nodes, 1...\(Topology.maxNodes) (default 1, or the scenario's own default).")
    var nodes: Int?

    @Option(name: .long, help: ArgumentHelp("Memory of the machine, spread over the nodes (default 16G), e.g. --memory 4G.", valueName: "SIZE"))
    var memory: String?

    @Option(name: .customLong("cost"), help: ArgumentHelp("Override a cost-model entry, e.g. --cost grace_period=5ms. Repeatable. Entries, defaults and their sources:\n\(CostModel.helpText)", valueName: "NAME=DURATION"))
    var costOverrides: [String] = []

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    var seedValue: UInt64 { seed ?? 1 }

    /// The design named by --design (or `fallback`) with the --set
    /// overrides applied, and its display name.
    func resolvedDesign(fallback: String = Preset.defaultName) throws -> (name: String, design: Design) {
        try Self.resolve(design ?? fallback, settings: settings)
    }

    static func resolve(_ preset: String, settings: [String]) throws -> (name: String, design: Design) {
        do {
            var design = try Preset.named(preset).design
            try design.apply(settings: settings)
            let name = settings.isEmpty ? preset : preset + "+" + settings.joined(separator: ",")
            return (name, design)
        } catch {
            throw InputError(error.description)
        }
    }

    func topology(default fallback: Topology = try! Topology()) throws -> Topology {
        var memoryBytes = fallback.memoryBytes
        if let memory {
            guard let bytes = WorkloadAction.parseSize(memory) else {
                throw InputError("--memory: expected a size such as 4G or 512M, got \(UserText.quoted(memory))")
            }
            memoryBytes = bytes
        }
        do {
            return try Topology(cpus: cpus ?? fallback.cpus, nodes: nodes ?? fallback.nodes, memoryBytes: memoryBytes)
        } catch {
            throw InputError(error.description.replacingOccurrences(of: "cpus must be between 1 and ", with: "--cpus must be 1...")
                .replacingOccurrences(of: "nodes must be between 1 and ", with: "--nodes must be 1..."))
        }
    }

    func costModel() throws -> CostModel {
        var costs = CostModel()
        do {
            try costs.apply(overrides: costOverrides)
        } catch {
            throw InputError(error.description)
        }
        return costs
    }

    /// Refuses options this subcommand would otherwise ignore.
    func reject(_ flags: [(given: Bool, name: String, why: String)]) throws {
        for flag in flags where flag.given {
            throw InputError("\(flag.name) does not apply here: \(flag.why)")
        }
    }
}

/// `--force`: run even when the estimated model memory is more than the
/// machine has.
struct LimitOptions: ParsableArguments {
    @Flag(name: .long, help: "Run even if the estimated model memory exceeds the memory available.")
    var force = false

    /// Refuses (exit 4) a run whose estimate exceeds what the host has available.
    func check(estimate: UInt64, what: String) throws {
        guard !force, let available = HostMemory.available(), estimate > available else { return }
        throw RefusedError(description:
            "\(what) would need about \(ByteCount.text(estimate)) of memory for the model; this machine has \(ByteCount.text(available)) available. Use smaller parameters, or --force to try anyway.")
    }
}

/// What the host can give the model.
enum HostMemory {
    /// MemAvailable from /proc/meminfo, or the physical memory where that file is absent.
    static func available() -> UInt64? {
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = line.split(separator: " ").dropFirst().first.flatMap({ UInt64($0) }) {
            return kb * 1_024
        }
        return ProcessInfo.processInfo.physicalMemory
    }
}

/// A kernel with every fault point registered, from a throwaway model: for
/// listing the points and validating names before any run.
func kernelWithFaultPoints() -> Kernel {
    let kernel = Kernel()
    _ = MemoryController(kernel: kernel, design: Design())
    return kernel
}
