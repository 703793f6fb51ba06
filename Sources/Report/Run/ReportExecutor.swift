import Foundation

/// Where a report run stands, for the progress line.
public struct ReportProgress: Sendable {
    public let section: String
    public let experiment: String
    public let design: String
    public let runIndex: Int
    public let runCount: Int
    /// Estimated fraction of the work done, 0...1.
    public let fraction: Double
    /// Estimated host seconds left, from the rate so far.
    public let etaSeconds: Double?
}

/// Makes a plan's runs one after another, reporting progress before each
/// and stopping between runs when asked to.
public struct ReportExecutor {
    public let plan: ReportPlan

    public init(plan: ReportPlan) { self.plan = plan }

    /// The records of every run made; fewer than planned if `shouldStop`
    /// returned true. A run that fails stops the report with its error.
    public func run(progress: (ReportProgress) -> Void = { _ in },
                    shouldStop: () -> Bool = { false }) throws -> [RunKey: RunRecord] {
        let total = plan.runs.map(\.estimatedSeconds).reduce(0, +)
        var done = 0.0
        let started = ContinuousClock.now
        var records: [RunKey: RunRecord] = [:]
        for (index, spec) in plan.runs.enumerated() {
            if shouldStop() { break }
            let elapsed = (ContinuousClock.now - started).seconds
            let eta = done > 0 ? elapsed / done * (total - done) : nil
            progress(ReportProgress(section: spec.section, experiment: spec.experiment, design: spec.design,
                                    runIndex: index, runCount: plan.runs.count,
                                    fraction: total > 0 ? done / total : 0, etaSeconds: eta))
            records[spec.key] = try spec.run()
            done += spec.estimatedSeconds
        }
        return records
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
