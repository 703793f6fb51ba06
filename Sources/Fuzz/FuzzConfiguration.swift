public import KernelSim
public import Memcg

/// One randomized run: which design, which seed, how many operations,
/// which faults.
public struct FuzzConfiguration: Sendable {
    public var designName: String
    public var design: Design
    /// `KNOB=VALUE` settings applied over the named preset, for the replay.
    public var settings: [String]
    public var seed: UInt64
    public var operations: Int
    public var topology: Topology
    public var costs: CostModel
    /// Failure rates per fault point, applied at the start of the run.
    public var faults: [(point: String, rate: Double)]
    /// The full invariants run every this many steps (and at the end).
    var fullCheckInterval: Int
    /// Extra setup of the system before the run. Tests use it to plant a
    /// bug and see the checker catch it.
    var prepare: (@Sendable (MemoryController) -> Void)?

    public init(designName: String, design: Design, settings: [String] = [], seed: UInt64, operations: Int,
                topology: Topology = try! Topology(), costs: CostModel = CostModel(),
                faults: [(point: String, rate: Double)] = [], fullCheckInterval: Int = 1_000) {
        self.designName = designName
        self.design = design
        self.settings = settings
        self.seed = seed
        self.operations = operations
        self.topology = topology
        var costs = costs
        // Reclaim holds what it isolated for a while, so that removals
        // (whose offline follows a grace period) land in its window.
        if costs.reclaimIsolationWindow == .zero { costs.reclaimIsolationWindow = Self.isolationWindow }
        self.costs = costs
        self.faults = faults
        self.fullCheckInterval = fullCheckInterval
    }

    /// The reclaim isolation window a run uses unless told otherwise:
    /// longer than a grace period, so an rmdir a few operations before or
    /// after a reclaim has its offline inside the window.
    public static let isolationWindow = VirtualDuration.milliseconds(25)

    /// The `memcg script` options that replay this run's system.
    var replayOptions: String {
        let window = "\(costs.reclaimIsolationWindow.nanoseconds)ns"
        // A name with settings is the preset's name, a '+', the settings.
        let preset = settings.isEmpty ? designName : String(designName.prefix { $0 != "+" })
        return (["--design \(preset)"] + settings.map { "--set \($0)" }
            + ["--seed \(seed) --cpus \(topology.cpus) --nodes \(topology.nodes) --cost reclaim_isolation_window=\(window)"])
            .joined(separator: " ")
    }

    /// The designs `fuzz --all-designs` runs: every preset, then each knob
    /// value no preset has, set over the default preset.
    public static func allDesigns() -> [(name: String, design: Design, settings: [String])] {
        var designs = Preset.all.map { (name: $0.name, design: $0.design, settings: [String]()) }
        let base = (try? Preset.named(Preset.defaultName)) ?? Preset.all[Preset.all.count - 1]
        for knob in Design.knobs {
            for value in knob.values where !Preset.all.contains(where: { knob.value(in: $0.design) == value.name }) {
                var design = base.design
                let setting = "\(knob.name)=\(value.name)"
                guard (try? design.apply(settings: [setting])) != nil else { continue }
                designs.append((name: "\(base.name)+\(setting)", design: design, settings: [setting]))
            }
        }
        return designs
    }
}
