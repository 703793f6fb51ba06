import ArgumentParser
import CgroupFS
import Foundation
import HostReader
import KernelSim
import Memcg

/// `memcg host`: reads the running machine's memory cgroups (or a
/// snapshot of another's), counts the dying ones and what they cost, and
/// replays the tree under every design.
struct HostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Read this machine's memory cgroups: dying cgroups, what they cost, what-if under each design.",
        discussion: """
            Reads /proc/cgroups, /proc/mounts, the memory hierarchy (cgroup v2, or
            v1's memory controller) with each cgroup's memory.stat and counts,
            /proc/meminfo, /proc/slabinfo (root only; left out otherwise) and the
            possible CPUs and nodes, without root tools. A file that is missing
            or malformed is reported with its name and line; the rest goes on.

              memcg host                         this machine
              memcg host --snapshot host.json    also write all it read to host.json
              memcg host --from host.json        the report of a snapshot
              memcg host --replay [--designs v4.10,v5.9]   what-if under each design
              memcg host --replay --offline-pages all     the same kernel under each offlinePages design

            --offline-pages replays the tree under each listed value of the
            offlinePages knob (or all of them), on top of each --designs preset
            or, without --designs, of the preset nearest the host's kernel, one
            row per combination (PRESET+offlinePages=VALUE): how many of the
            host's dying cgroups each design of a cgroup's pages at offline
            would leave.
            """)

    @Option(name: .long, help: ArgumentHelp("Write everything read into FILE (JSON), for a bug report.", valueName: "FILE"))
    var snapshot: String?

    @Option(name: .long, help: ArgumentHelp("Read a snapshot instead of this machine.", valueName: "FILE"))
    var from: String?

    @Option(name: .customLong("host-root"), help: ArgumentHelp("Read /proc and /sys below DIR instead of / (a host laid out in a directory).", valueName: "DIR"))
    var hostRoot: String = "/"

    @Option(name: .customLong("cgroup-root"), help: ArgumentHelp("The memory hierarchy's mount point, when /proc/mounts does not say.", valueName: "PATH"))
    var cgroupRoot: String?

    @Flag(name: .long, help: "Rebuild the tree in the model and run it under each design.")
    var replay = false

    @Option(name: .long, help: ArgumentHelp("Designs to replay under (default: every preset).", valueName: "P1,P2,..."))
    var designs: String?

    @Option(name: .customLong("offline-pages"), help: ArgumentHelp("Replay under each offlinePages value (all, or V1,V2,...) on top of each design (default: the host's nearest preset).", valueName: "all|V1,V2,..."))
    var offlinePages: String?

    @Option(name: .long, help: "How many cgroups each 'largest' list shows.")
    var top: Int = 5

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    @Option(name: .customLong("write-synthetic-tree"), help: ArgumentHelp("Write a synthetic cgroup v2 host with --cgroups cgroups below DIR (for measuring the reader), then exit.", valueName: "DIR"))
    var syntheticTree: String?

    @Option(name: .long, help: "Cgroups in the synthetic tree.")
    var cgroups: Int = 100_000

    @Option(name: .customLong("dying-per-slice"), help: "Dying cgroups each of the synthetic tree's slices reports (up to 100 slices).")
    var dyingPerSlice: Int = 7

    func validate() throws {
        guard (1...1_000).contains(top) else { throw ValidationError("--top must be between 1 and 1000") }
        guard snapshot == nil || from == nil || snapshot != from else { throw ValidationError("--snapshot and --from name the same file") }
        guard (1...10_000_000).contains(cgroups) else { throw ValidationError("--cgroups must be between 1 and 10,000,000") }
        guard (0...10_000_000).contains(dyingPerSlice) else { throw ValidationError("--dying-per-slice must be between 0 and 10,000,000") }
        if designs != nil && !replay { throw ValidationError("--designs needs --replay") }
        if offlinePages != nil && !replay { throw ValidationError("--offline-pages needs --replay") }
    }

    func run() throws {
        if let syntheticTree {
            try SyntheticHost(cgroups: cgroups, dyingPerSlice: dyingPerSlice).write(to: syntheticTree)
            print("wrote a cgroup v2 host with \(cgroups) memory cgroups below \(syntheticTree); read it with: memcg host --host-root \(syntheticTree)")
            return
        }
        let presets = try selectedDesigns()
        let offlineValues = try selectedOfflinePages()
        let base: any HostSource
        if let from {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: from))
            } catch {
                throw InputError("\(from): cannot read the snapshot: \(error.localizedDescription)")
            }
            do {
                base = SnapshotHostSource(try HostSnapshot.decode(data, file: from), name: from)
            } catch {
                throw InputError(error.description)
            }
        } else {
            base = LiveHostSource(root: hostRoot)
        }
        let recorder = snapshot != nil ? RecordingHostSource(base) : nil
        let reading = HostReader(source: recorder ?? base, mountPoint: cgroupRoot).read()
        let analysis = HostAnalysis(reading, top: top)
        if let snapshot, let recorder {
            do {
                try recorder.snapshot.encoded().write(to: URL(fileURLWithPath: snapshot))
            } catch {
                printError("memcg: \(snapshot): cannot write the snapshot: \(error.localizedDescription)")
                throw ExitCode(ExitStatus.failure)
            }
        }
        var plan: ReplayPlan?
        var outcomes: [HostReplay.Outcome] = []
        if replay {
            let made = ReplayPlan(reading, dyingCount: analysis.read.dyingMemcgs)
            plan = made
            let runner = HostReplay(plan: made, cpus: analysis.modelled.cpus, nodes: analysis.modelled.nodes)
            var runs = presets.map { ($0.name, $0.design) }
            if let offlineValues {
                // Without --designs, the kernel the host runs stands for it.
                let bases = designs != nil ? presets : [try Preset.named(analysis.modelled.preset)]
                runs = bases.flatMap { preset in
                    offlineValues.map { value in
                        var design = preset.design
                        design.offlinePages = value
                        return (preset.name + "+offlinePages=" + value.rawValue, design)
                    }
                }
            }
            for (name, design) in runs {
                do {
                    outcomes.append(try runner.run(name, design))
                } catch {
                    printError("memcg: replay under \(name) failed: \(error)")
                    throw ExitCode(ExitStatus.failure)
                }
            }
        }
        let report = HostReport(analysis: analysis, plan: plan, replay: outcomes, diagnostics: reading.diagnostics, wallReadSeconds: reading.wallSeconds)
        print(json ? report.json() : report.text, terminator: "")
        if !json {
            // Host wall-clock figures go to standard error, as every subcommand's do.
            printError(String(format: "wall_read_seconds %.3f", reading.wallSeconds))
            if let snapshot { printError("snapshot written to \(snapshot)") }
        }
    }

    /// The offlinePages values --offline-pages names, in the order given
    /// (`all`: every value, oldest design first); nil without the option.
    private func selectedOfflinePages() throws -> [OfflinePages]? {
        guard let offlinePages else { return nil }
        if offlinePages == "all" { return OfflinePages.allCases }
        var values: [OfflinePages] = []
        for name in offlinePages.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard name != "all" else { throw InputError("--offline-pages: all stands alone, not in a list") }
            guard let value = OfflinePages(rawValue: name) else {
                let known = OfflinePages.allCases.map(\.rawValue).joined(separator: ", ")
                throw InputError("--offline-pages: unknown offlinePages value \(UserText.quoted(name)) (expected all, or some of: \(known))")
            }
            guard !values.contains(value) else { throw InputError("--offline-pages: \(name) is named twice") }
            values.append(value)
        }
        return values
    }

    private func selectedDesigns() throws -> [Preset] {
        guard let designs else { return Preset.all }
        var presets: [Preset] = []
        for name in designs.split(separator: ",").map(String.init) {
            do {
                presets.append(try Preset.named(name))
            } catch {
                throw InputError(error.description)
            }
        }
        return presets
    }
}
