import KernelSim
import Memcg
public import Scenarios

/// What `memcg report` was asked for.
public struct ReportOptions: Sendable {
    /// Section selectors (`002`, `000`, `objcg`, ...); nil: every section.
    public var seeds: [String]?
    /// Presets to narrow every section to; nil: each section's own.
    public var designs: [String]?
    /// The seeds' own scales instead of the default minute-long ones.
    public var full: Bool
    public var seed: UInt64

    public init(seeds: [String]? = nil, designs: [String]? = nil, full: Bool = false, seed: UInt64 = 1) {
        self.seeds = seeds
        self.designs = designs
        self.full = full
        self.seed = seed
    }
}

/// One run the report needs: the unit of work a sweep shards.
public struct RunSpec: Sendable {
    public let section: String
    public let experiment: String
    public let scenario: any Scenario
    public let design: String
    public let context: ScenarioContext
    let estimatedSeconds: Double

    /// The identity a sweep file's record of this run has.
    public var key: RunKey {
        RunKey(scenario: scenario.name, design: design, seed: context.seed, cpus: context.topology.cpus,
               nodes: context.topology.nodes,
               params: scenario.parameters.map { "\($0.name)=\(context.parameters[$0.name] ?? $0.defaultValue)" })
    }

    /// Host memory the model will take for this run (the scenario's estimate).
    public var estimatedHostBytes: UInt64 { scenario.estimatedHostBytes(context) }

    /// Runs the scenario and returns the JSON line a sweep writes for it.
    public func runLine() throws -> String {
        try ScenarioRunner.run(scenario, context: context).json
    }

    /// Runs the scenario. The record is read back from the JSON line a
    /// sweep writes, so a report run here and one assembled from sweep
    /// files see exactly the same numbers.
    public func run() throws -> RunRecord {
        try RunRecord(jsonLine: try runLine())
    }
}

/// The sections a report prints and every run they need, in order.
public struct ReportPlan: Sendable {
    package struct PlannedSection: Sendable {
        package let section: any ReportSection
        package let experiments: [Experiment]
        /// Designs left out of an experiment, and why.
        package let leftOut: [String]
    }

    public let options: ReportOptions
    package let sections: [PlannedSection]
    public let runs: [RunSpec]

    /// Every section, in the order the report prints them.
    package static let catalog: [any ReportSection] = [
        ListLRUSection(),
        CacheTeardownSection(),
        VMStatDriftSection(),
        ObjcgSection(),
        DyingCgroupsSection(),
    ]

    /// The names `--seeds` accepts.
    public static var selectors: [String] { catalog.flatMap(\.seeds) }

    public init(_ options: ReportOptions) throws(ReportError) {
        self.options = options
        let presets = Preset.all.map(\.name)
        for name in options.designs ?? [] where !presets.contains(name) {
            throw .unknownDesign(name, valid: presets)
        }
        var chosen = Self.catalog
        if let seeds = options.seeds {
            for s in seeds where !Self.selectors.contains(s) {
                throw .unknownSection(s, valid: Self.selectors)
            }
            chosen = chosen.filter { !Set($0.seeds).isDisjoint(with: seeds) }
        }
        var sections: [PlannedSection] = []
        var runs: [RunSpec] = []
        for section in chosen {
            var experiments: [Experiment] = []
            var leftOut: [String] = []
            for experiment in section.experiments(full: options.full) {
                let scenario = try! ScenarioRunner.scenario(named: experiment.scenario)
                var designs = experiment.designs
                if let named = options.designs { designs = designs.filter(named.contains) }
                var kept: [String] = []
                for design in designs {
                    let preset = try! Preset.named(design)
                    if let reason = scenario.inapplicability(to: preset.design) {
                        leftOut.append("\(design): \(reason)")
                    } else {
                        kept.append(design)
                    }
                }
                let narrowed = Experiment(experiment.name, scenario: experiment.scenario, designs: kept, params: experiment.params,
                                          cpus: experiment.cpus, nodes: experiment.nodes, estimatedSeconds: experiment.estimatedSeconds,
                                          slower: experiment.slower)
                experiments.append(narrowed)
                for design in kept {
                    runs.append(Self.spec(section: section.id, experiment: narrowed, scenario: scenario, design: design, seed: options.seed))
                }
            }
            if let named = options.designs, experiments.allSatisfy(\.designs.isEmpty) {
                var applicable: [String] = []
                for experiment in section.experiments(full: options.full) {
                    let scenario = try! ScenarioRunner.scenario(named: experiment.scenario)
                    for design in experiment.designs where !applicable.contains(design)
                        && scenario.inapplicability(to: try! Preset.named(design).design) == nil {
                        applicable.append(design)
                    }
                }
                throw .noDesignApplies(section: section.id, designs: named, applicable: applicable)
            }
            sections.append(PlannedSection(section: section, experiments: experiments, leftOut: Array(Set(leftOut)).sorted()))
        }
        self.sections = sections
        self.runs = runs
    }

    private static func spec(section: String, experiment: Experiment, scenario: any Scenario, design: String, seed: UInt64) -> RunSpec {
        let settings = experiment.params.map { "\($0.name)=\($0.value)" }
        let parameters = try! ScenarioRunner.parameters(for: scenario, settings)
        let topology = try! scenario.topology(cpus: experiment.cpus, nodes: experiment.nodes)
        let context = ScenarioContext(designName: design, design: try! Preset.named(design).design, seed: seed,
                                      topology: topology, costs: CostModel(), parameters: parameters)
        return RunSpec(section: section, experiment: experiment.name, scenario: scenario, design: design, context: context,
                       estimatedSeconds: experiment.slower[design] ?? experiment.estimatedSeconds)
    }
}
