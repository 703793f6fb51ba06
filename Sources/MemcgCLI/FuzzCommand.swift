import ArgumentParser
import Foundation
import Fuzz
import KernelSim
import Memcg
import Scenarios

/// `memcg fuzz`: randomized simulation testing of the model itself.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Run random workloads with injected faults and check the model's invariants.",
        discussion: """
            Each seed runs --ops random operations: mkdir/rmdir at random depths, tasks,
            anon memory, threads, slab and kmalloc objects, dentries and inodes on
            several superblocks, mounts, shrinker runs, migrations, limit changes,
            reads of memory.stat and /proc/slabinfo, time advances and single kernel
            steps that interleave offline work, RCU callbacks and work items; page
            cache, swap, protection, memory.reclaim and the OOM killer's knobs;
            background jobs (run --nowait of anon, pagecache or slab actions; wait %N,
            wait PID, wait); touch PID [BYTES], which swaps a task's pages back in;
            file handles (open @H on memory.peak or memory.swap.peak, now and then
            memory.current or memory.max; cat @H; write @H reset, the handle's own
            peak; close @H). It checks cheap invariants after every step and all of
            them every 1,000 steps; then it tears everything down and checks that
            all is freed.
            A failure prints the invariant, seed and step and writes a replayable script.
            Example campaign: memcg fuzz --seeds 1..10000 --ops 20000 --all-designs
            Ranges: --ops 0...\(FuzzCommand.maxOps); at most \(FuzzCommand.maxSeeds) seeds.
            --json prints one summary object: {"runs","passed","failed","ops","failures":[...]}
            plus wall_seconds.
            Exit status: 0 every run passed; 1 a run failed (replay scripts written);
            4 refused: --ops cgroups on this machine could exceed its memory (--force);
            64 a bad command line (including an --out directory that does not exist).
            """
    )

    @Option(help: ArgumentHelp("Seed range A..B (or one seed).", valueName: "A..B")) var seeds: String?
    @Option(help: "Number of random operations per seed (0...10000000).") var ops: Int = 10_000
    @Flag(help: "Run every seed under every design preset, and under each knob value no preset has (set over the default preset).") var allDesigns = false
    @Option(help: ArgumentHelp("Fault rates, e.g. memcg.charge=0.01,memcg.css_alloc=0.05.", valueName: "POINT=RATE,...")) var faults: String?
    @Option(help: ArgumentHelp("Run only shard K of N of the seeds.", valueName: "K/N")) var shard: String?
    @Option(help: ArgumentHelp("Where failing runs' replay scripts are written (default: memcg-fuzz under $TMPDIR, or /tmp).", valueName: "DIR")) var out: String?
    @OptionGroup var options: RunOptions
    @OptionGroup var limits: LimitOptions

    static let maxOps = 10_000_000
    static let maxSeeds: UInt64 = 10_000_000

    func run() throws {
        try options.reject([
            (seeds != nil && options.seed != nil, "--seed", "--seeds names the seeds"),
            (allDesigns && options.design != nil, "--design", "--all-designs runs every preset"),
            (allDesigns && !options.settings.isEmpty, "--set", "--all-designs runs the presets as they are"),
        ])
        let range: ClosedRange<UInt64>
        if let seeds {
            guard let parsed = FuzzCampaign.parseSeeds(seeds) else { throw InputError("--seeds: expected A..B or N, got '\(seeds.prefix(64))'") }
            guard parsed.upperBound - parsed.lowerBound < Self.maxSeeds else {
                throw InputError("--seeds: at most \(Self.maxSeeds) seeds in one campaign (use --shard or several ranges), got \(seeds)")
            }
            range = parsed
        } else {
            range = options.seedValue...options.seedValue
        }
        let outDirectory = try out ?? Self.scratchDirectory()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: outDirectory, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isWritableFile(atPath: outDirectory) else {
            throw InputError("--out: '\(outDirectory.prefix(200))' is not a writable directory")
        }
        var shardValue = (index: 1, count: 1)
        if let shard {
            guard let parsed = FuzzCampaign.parseShard(shard) else { throw InputError("--shard: expected K/N with 1 <= K <= N, got '\(shard)'") }
            shardValue = parsed
        }
        var faultList: [(point: String, rate: Double)] = []
        if let faults {
            guard let parsed = FuzzCampaign.parseFaults(faults) else { throw InputError("--faults: expected POINT=RATE,... with rates in [0, 1], got '\(faults)'") }
            faultList = parsed
        }
        guard (0...Self.maxOps).contains(ops) else { throw InputError("--ops: expected 0...\(Self.maxOps), got \(ops)") }
        let designs: [(name: String, design: Design, settings: [String])] = allDesigns
            ? FuzzConfiguration.allDesigns() : [try options.resolvedDesign()].map { ($0.0, $0.1, options.settings) }
        let topology = try options.topology()
        // At worst every operation makes a cgroup.
        try limits.check(estimate: ModelFootprint.total([(ops, ModelFootprint.cgroupBytes(topology))]), what: "fuzz --ops \(ops)")
        let costs = try options.costModel()
        // Validate the fault point names once, before any run.
        let probe = kernelWithFaultPoints()
        for (point, rate) in faultList {
            do throws(SimError) { try probe.faults.setFailureRate(point, rate) } catch { throw InputError("--faults: \(error.description)") }
        }

        let campaign = FuzzCampaign(seeds: range, shard: shardValue)
        var passed = 0, failed = 0
        var failures: [FuzzFailure] = []
        var files: [String] = []
        let started = ContinuousClock.now
        for seed in campaign.shardSeeds {
            for (name, design, settings) in designs {
                let configuration = FuzzConfiguration(designName: name, design: design, settings: settings, seed: seed, operations: ops,
                                                      topology: topology, costs: costs, faults: faultList)
                do throws(FuzzFailure) {
                    try FuzzRun(configuration).run()
                    passed += 1
                } catch {
                    failed += 1
                    let file = "\(outDirectory)/fuzz-\(name)-seed\(seed).memcg"
                    try? error.script.write(toFile: file, atomically: true, encoding: .utf8)
                    failures.append(error)
                    files.append(file)
                    if !options.json {
                        print("FAIL \(error.description)")
                        print("     replay: memcg script \(error.replayOptions) --check-invariants \(file)")
                    }
                }
            }
        }
        let elapsed = (ContinuousClock.now - started)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = (passed + failed) * ops
        if options.json {
            let json = JSONWriter()
            json.object {
                json.field("runs", number: Double(passed + failed))
                json.field("passed", number: Double(passed))
                json.field("failed", number: Double(failed))
                json.field("ops", number: Double(ops))
                json.key("failures")
                json.array {
                    for (failure, file) in zip(failures, files) {
                        json.object {
                            json.field("design", string: failure.designName)
                            json.field("seed", number: Double(failure.seed))
                            json.field("step", number: Double(failure.step))
                            json.field("invariant", string: failure.violations.first?.rule ?? "")
                            json.field("message", string: failure.description)
                            json.field("script", string: file)
                        }
                    }
                }
                json.field("wall_seconds", number: (seconds * 1_000).rounded() / 1_000)
            }
            print(json.text)
        } else {
            // Host timing on standard error: standard output is the same for the same inputs.
            printError(String(format: "fuzz: %d runs x %d ops in %.1f s (%.0f ops/s)", passed + failed, ops, seconds, seconds > 0 ? Double(total) / seconds : 0))
            print("\(passed) passed, \(failed) failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// A scratch directory for replay scripts, so that a campaign run from
    /// a source tree does not leave them in it: memcg-fuzz under $TMPDIR
    /// (or /tmp), created if missing.
    static func scratchDirectory() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let directory = (base as NSString).appendingPathComponent("memcg-fuzz")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError("cannot create the scratch directory \(directory) for replay scripts (\(error.localizedDescription)); give --out DIR")
        }
        return directory
    }
}
