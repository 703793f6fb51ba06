import ArgumentParser
import Foundation
import Fuzz
import KernelSim
import Memcg

/// `memcg fuzz`: randomized simulation testing of the model itself.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Run random workloads with injected faults and check the model's invariants.",
        discussion: """
            Each seed runs --ops random operations (mkdir/rmdir at random depths, tasks,
            anon memory, threads, slab and kmalloc objects, dentries and inodes on
            several superblocks, mounts, shrinker runs, migrations, limit changes,
            reads of memory.stat and /proc/slabinfo, time advances and single kernel
            steps that interleave offline work, RCU callbacks and work items),
            checking cheap invariants after every step and all of them every 1,000
            steps; then it tears everything down and checks that all is freed.
            A failure prints the invariant, seed and step and writes a replayable script.
            Example campaign: memcg fuzz --seeds 1..10000 --ops 20000 --all-designs
            """
    )

    @Option(help: ArgumentHelp("Seed range A..B (or one seed).", valueName: "A..B")) var seeds: String?
    @Option(help: "Number of random operations per seed.") var ops: Int = 10_000
    @Flag(help: "Run every seed under every design preset.") var allDesigns = false
    @Option(help: ArgumentHelp("Fault rates, e.g. memcg.charge=0.01,memcg.css_alloc=0.05.", valueName: "POINT=RATE,...")) var faults: String?
    @Option(help: ArgumentHelp("Run only shard K of N of the seeds.", valueName: "K/N")) var shard: String?
    @Option(help: ArgumentHelp("Where failing runs' replay scripts are written (default: memcg-fuzz under $TMPDIR, or /tmp).", valueName: "DIR")) var out: String?
    @OptionGroup var options: RunOptions

    func run() throws {
        let range: ClosedRange<UInt64>
        if let seeds {
            guard let parsed = FuzzCampaign.parseSeeds(seeds) else { throw ValidationError("--seeds: expected A..B or N, got '\(seeds)'") }
            range = parsed
        } else {
            range = options.seed...options.seed
        }
        var shardValue = (index: 1, count: 1)
        if let shard {
            guard let parsed = FuzzCampaign.parseShard(shard) else { throw ValidationError("--shard: expected K/N with 1 <= K <= N, got '\(shard)'") }
            shardValue = parsed
        }
        var faultList: [(point: String, rate: Double)] = []
        if let faults {
            guard let parsed = FuzzCampaign.parseFaults(faults) else { throw ValidationError("--faults: expected POINT=RATE,... with rates in [0, 1], got '\(faults)'") }
            faultList = parsed
        }
        guard ops >= 0 else { throw ValidationError("--ops must not be negative") }
        let designs: [(String, Design)] = allDesigns ? Preset.all.map { ($0.name, $0.design) } : [try options.resolvedDesign()]
        let topology = try options.topology()
        let costs = try options.costModel()
        // Validate the fault point names once, before any run.
        let probe = kernelWithFaultPoints()
        for (point, rate) in faultList {
            do throws(SimError) { try probe.faults.setFailureRate(point, rate) } catch { throw ValidationError("--faults: \(error.description)") }
        }

        let outDirectory = try out ?? Self.scratchDirectory()

        let campaign = FuzzCampaign(seeds: range, shard: shardValue)
        var passed = 0, failed = 0
        let started = ContinuousClock.now
        for seed in campaign.shardSeeds {
            for (name, design) in designs {
                let configuration = FuzzConfiguration(designName: name, design: design, seed: seed, operations: ops,
                                                      topology: topology, costs: costs, faults: faultList)
                do throws(FuzzFailure) {
                    try FuzzRun(configuration).run()
                    passed += 1
                } catch {
                    failed += 1
                    let file = "\(outDirectory)/fuzz-\(name)-seed\(seed).memcg"
                    try? error.script.write(toFile: file, atomically: true, encoding: .utf8)
                    print("FAIL \(error.description)")
                    print("     replay: memcg script \(error.replayOptions) --check-invariants \(file)")
                }
            }
        }
        let elapsed = (ContinuousClock.now - started)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = (passed + failed) * ops
        if !options.json {
            print(String(format: "fuzz: %d runs x %d ops in %.1f s (%.0f ops/s)", passed + failed, ops, seconds, seconds > 0 ? Double(total) / seconds : 0))
        }
        print("\(passed) passed, \(failed) failed")
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
            throw ValidationError("cannot create the scratch directory \(directory) for replay scripts (\(error.localizedDescription)); give --out DIR")
        }
        return directory
    }
}
