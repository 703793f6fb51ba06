import ArgumentParser
import Foundation
import Report
import Scenarios

/// `memcg sweep`: a scenario over ranges of parameters and several designs,
/// one JSON line per run, split into shards for a batch system's array jobs.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over parameter ranges and designs, one JSON line per run, sharded for array jobs.",
        discussion: """
            --param KEY=V | KEY=A,B,C | KEY=A..B (step 1) | KEY=A..B*F (times F). Repeatable;
            the runs are every combination, under every design. --shard K/N keeps every N-th
            run starting at the K-th, so N array jobs (Kubernetes Indexed Jobs, Slurm arrays)
            cover the sweep between them. Each shard writes DIR/<name>-shard-K-of-N.jsonl,
            one `scenario run --json` object a line, as each run finishes.
            --report sweeps the runs `memcg report` needs instead (with --full, --seeds,
            --designs as for report); `memcg report --from DIR` then assembles the report.
            Examples:
              memcg sweep vmstat-drift --param children=100..1600*2 --designs v5.4,v6.12 --out results
              memcg sweep --report --full --shard 3/8 --out /results
            """
    )

    @Argument(help: "Scenario to sweep (see `memcg scenario list`); omit with --report.")
    var scenario: String?
    @Option(name: .customLong("param"), help: ArgumentHelp("Parameter values. Repeatable.", valueName: "KEY=A..B[*F]"))
    var params: [String] = []
    @Option(help: ArgumentHelp("Comma-separated presets (default: v6.12; with --report, each section's own).", valueName: "P1,P2,..."))
    var designs: String?
    @Flag(help: "Sweep the runs `memcg report` needs.")
    var report = false
    @Flag(help: "With --report: the seeds' own scales.")
    var full = false
    @Option(help: ArgumentHelp("With --report: sections, as for `memcg report --seeds`.", valueName: "LIST"))
    var seeds: String?
    @Option(help: ArgumentHelp("Run only shard K of N.", valueName: "K/N"))
    var shard: String = "1/1"
    @Option(help: ArgumentHelp("Directory for the JSON lines (created if missing).", valueName: "DIR"))
    var out: String
    @Option(help: "Seed for the simulation's random generator.")
    var seed: UInt64 = 1
    @Option(help: "Number of virtual CPUs (default: the scenario's).")
    var cpus: Int?
    @Option(help: "Number of NUMA nodes (default: the scenario's).")
    var nodes: Int?
    @Flag(help: "No line per finished run on stderr.")
    var quiet = false
    @Flag(help: "Print the summary as one JSON object.")
    var json = false
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let (k, n) = try InputError.wrap { try Sweep.parseShard(shard) }
        let designList = designs.map { $0.split(separator: ",").map(String.init) }
        let runs: [RunSpec]
        let name: String
        if report {
            guard scenario == nil, params.isEmpty, cpus == nil, nodes == nil else {
                throw InputError("--report sweeps the report's own runs; it takes no SCENARIO, --param, --cpus or --nodes")
            }
            let plan = try InputError.wrap {
                try ReportPlan(ReportOptions(seeds: seeds.map { $0.split(separator: ",").map(String.init) }, designs: designList, full: full, seed: seed))
            }
            runs = plan.runs
            name = full ? "report-full" : "report"
        } else {
            guard let scenario else {
                throw InputError("give a SCENARIO to sweep (see `memcg scenario list`) or --report for the report's runs")
            }
            guard !full, seeds == nil else { throw InputError("--full and --seeds go with --report") }
            runs = try InputError.wrap {
                try Sweep(scenario: scenario, params: params, designs: designList ?? ["v6.12"], seed: seed, cpus: cpus, nodes: nodes).runs
            }
            name = scenario
        }
        let mine = Sweep.shard(runs, index: k, count: n)
        if let largest = mine.max(by: { $0.estimatedHostBytes < $1.estimatedHostBytes }) {
            try limits.check(estimate: largest.estimatedHostBytes, what: "sweep run \(largest.key)")
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw InputError("cannot create directory '\(out)': \(error.localizedDescription)")
        }
        let path = (out as NSString).appendingPathComponent("\(name)-shard-\(k)-of-\(n).jsonl")
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw InputError("cannot write '\(path)'")
        }
        defer { try? file.close() }
        for (i, spec) in mine.enumerated() {
            let line = try spec.runLine()
            file.write(Data((line + "\n").utf8))
            if !quiet {
                FileHandle.standardError.write(Data("sweep \(k)/\(n): \(i + 1)/\(mine.count) \(spec.key)\n".utf8))
            }
        }
        if json {
            let out = JSONWriter()
            out.object {
                out.field("runs", number: Double(mine.count))
                out.field("total", number: Double(runs.count))
                out.field("shard", string: "\(k)/\(n)")
                out.field("file", string: path)
            }
            print(out.text)
        } else {
            print("\(mine.count) of \(runs.count) runs written to \(path)")
        }
    }
}
