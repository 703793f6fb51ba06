import Foundation

/// A whole `memcg report`: every selected section, built from runs of the
/// model made in this invocation (or read back from sweep files).
public struct Report: Sendable {
    static let formatVersion = 1
    public let version: String
    public let seed: UInt64
    public let full: Bool
    /// The host that ran the model (the simulated machines are per table).
    let hostCPUs: Int
    package let sections: [SectionOutcome]
    /// Runs a Ctrl-C left unmade; 0 for a complete report.
    public let runsNotMade: Int
    public let wallSeconds: Double

    /// What the figures are: the default or full scale, or a sweep's runs.
    var scaleText: String {
        if !sections.isEmpty, sections.allSatisfy(\.seeds.isEmpty) { return "runs of a sweep, read back from its files" }
        return full ? "the seeds' own scale (--full)" : "default scale (--full for the seeds' own)"
    }
}

extension Report {
    /// Builds the sections of `plan` from `records`; runs missing from it
    /// leave their sections marked incomplete.
    public init(plan: ReportPlan, records: [RunKey: RunRecord], version: String, wallSeconds: Double) {
        var outcomes: [SectionOutcome] = []
        var missing = 0
        for planned in plan.sections {
            var byExperiment: [String: [String: RunRecord]] = [:]
            var complete = true
            for spec in plan.runs where spec.section == planned.section.id {
                if let record = records[spec.key] {
                    byExperiment[spec.experiment, default: [:]][spec.design] = record
                } else {
                    complete = false
                    missing += 1
                }
            }
            let runs = SectionRuns(experiments: planned.experiments, records: byExperiment)
            var outcome = planned.section.build(runs, full: plan.options.full)
            outcome.incomplete = !complete
            for reason in planned.leftOut { outcome.notes.append("Left out \(reason).") }
            outcomes.append(outcome)
        }
        self.init(version: version, seed: plan.options.seed, full: plan.options.full,
                  hostCPUs: ProcessInfo.processInfo.activeProcessorCount, sections: outcomes,
                  runsNotMade: missing, wallSeconds: wallSeconds)
    }
}
