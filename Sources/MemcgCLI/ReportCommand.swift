import ArgumentParser
import Foundation
import Report

/// `memcg report`: every seed's experiment under the designs that matter
/// for it, side by side, with the seeds' own figures beside the model's.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run every seed's experiment under the designs that matter and compare with the published figures.",
        discussion: """
            One section per seed: the question, a table with designs as columns and the
            reference (with its source) in its own column, and in words where the model
            and a reference disagree. Default sizes take about a minute; --full runs the
            seeds' own scales (minutes). Sections: \(ReportPlan.selectors.joined(separator: ", ")).
            Examples:
              memcg report
              memcg report --seeds 002,004 --designs v5.13,v6.12
              memcg report --html report.html --svg docs/charts
              memcg sweep --report --full --shard 1/8 --out results/ ; memcg report --full --from results/
            """
    )

    @Option(help: ArgumentHelp("Sections to run, comma-separated (\(ReportPlan.selectors.joined(separator: ", "))).", valueName: "LIST"))
    var seeds: String?
    @Option(help: ArgumentHelp("Narrow every section to these presets, comma-separated (see `memcg designs`).", valueName: "P1,P2,..."))
    var designs: String?
    @Flag(help: "Run the seeds' own scales (about 10 minutes) instead of the default sizes (about a minute).")
    var full = false
    @Option(help: "Seed for the simulation's random generator.")
    var seed: UInt64 = 1
    @Flag(help: "Print one JSON object instead of text.")
    var json = false
    @Flag(help: "Print Markdown instead of text.")
    var markdown = false
    @Option(help: ArgumentHelp("Also write a self-contained HTML page with the tables and SVG charts.", valueName: "FILE"))
    var html: String?
    @Option(help: ArgumentHelp("Also write each chart as DIR/<chart>.svg.", valueName: "DIR"))
    var svg: String?
    @Option(help: ArgumentHelp("Assemble the report from the JSON lines `memcg sweep --report` wrote to DIR instead of running.", valueName: "DIR"))
    var from: String?
    @Flag(help: "No progress line on stderr.")
    var quiet = false
    @OptionGroup var limits: LimitOptions

    func run() throws {
        guard !(json && markdown) else { throw InputError("--json and --markdown each choose the output; give one of them") }
        let plan = try InputError.wrap { try ReportPlan(ReportOptions(seeds: list(seeds), designs: list(designs), full: full, seed: seed)) }
        let started = ContinuousClock.now
        let records: [RunKey: RunRecord]
        var stoppedEarly = false
        if let from {
            records = try InputError.wrap { try Sweep.load(directory: from) }
            let missing = plan.runs.filter { records[$0.key] == nil }
            if missing.count == plan.runs.count, seeds == nil, designs == nil {
                // Not the report's runs: a plain sweep, shown run by run.
                try output(Report(sweep: Array(records.values), version: MemcgCommand.version))
                return
            }
            if let first = missing.first {
                throw InputError(ReportError.missingRuns(count: missing.count, example: first.key.description).description
                    + "; `memcg sweep --report\(full ? " --full" : "") --out \(from)` with the same --seeds, --designs and --seed makes them")
            }
        } else {
            // Runs go one at a time and keep only their figures, so the
            // largest run is what the machine must hold.
            if let largest = plan.runs.max(by: { $0.estimatedHostBytes < $1.estimatedHostBytes }) {
                try limits.check(estimate: largest.estimatedHostBytes,
                                 what: "report section \(largest.section) (\(largest.scenario.name) under \(largest.design))")
            }
            let interrupt = Interrupt()
            let progress = ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1)
            defer { progress.finish() }
            records = try ReportExecutor(plan: plan).run(progress: progress.update, shouldStop: {
                if interrupt.requested { stoppedEarly = true }
                return interrupt.requested
            })
        }
        let wall = (ContinuousClock.now - started)
        let report = Report(plan: plan, records: records, version: MemcgCommand.version,
                            wallSeconds: Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
        try output(report)
        if stoppedEarly { throw ExitCode(130) }
    }

    /// Prints the report and writes the files asked for.
    private func output(_ report: Report) throws {
        if let html {
            try write(HTMLRenderer.render(report), to: html)
        }
        if let svg {
            do { try FileManager.default.createDirectory(atPath: svg, withIntermediateDirectories: true) } catch {
                throw InputError("--svg: cannot create directory '\(svg)': \(error.localizedDescription)")
            }
            for chart in report.sections.flatMap(\.charts) {
                try write(SVGChart.render(chart), to: (svg as NSString).appendingPathComponent("\(chart.id).svg"))
            }
        }
        print(json ? JSONRenderer.render(report) : markdown ? MarkdownRenderer.render(report) : TextRenderer.render(report))
    }

    private func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}

/// Writes `text` to `path`, or fails naming the path.
func write(_ text: String, to path: String) throws {
    do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        throw InputError("cannot write '\(path)': \(error.localizedDescription)")
    }
}

extension InputError {
    /// Runs `body`, turning a report error into a one-line input error.
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ReportError { throw InputError(error.description) }
    }
}
