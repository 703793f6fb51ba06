import ArgumentParser
import CgroupFS
import Foundation
import KernelSim
import Memcg
import Scenarios
import Workload

/// `memcg script FILE`: drives the control files and the engine from a script.
struct ScriptCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script",
        abstract: "Run a script of cgroupfs operations, workload actions and expectations.",
        discussion: """
            One command a line; '#' starts a comment.
              mkdir /a/b | rmdir /a/b
              write /a/memory.max 100M        (also: echo 100M > /a/memory.max)
              cat /a/memory.stat
              open @H /a/memory.peak | cat @H | write @H VALUE | close @H
                                              (a write resets the peak for that handle)
              run [--keep] [--cpu N] /a ACTION [ARGS...]
              run --nowait [--keep] [--cpu N] /a ACTION [ARGS...]   (prints [JOB] PID)
              wait | wait %JOB | wait PID     (until the job ends; its error)
              kill PID | touch PID [BYTES]    (touch: access its anon memory, swapping in)
              mount NAME | umount NAME        (a superblock for dcache/files)
              shrink /a [PRIORITY]            (run the memcg's shrinkers)
              swapon SIZE                     (a swap device)
              write /proc/PID/oom_score_adj N (-1000 ... 1000)
              advance 100ms | settle | step N
              fault POINT RATE                (RATE 0...1; points below)
              expect /a/memory.current <= 1M  (== != < <= > >=; K/M/G; 'max')
              expect /a/memory.events max > 0 (a key of a flat-keyed file)
              expect-error ENOENT rmdir /nope
            Actions: \(WorkloadAction.catalog.map(\.usage).joined(separator: "; ")).
            Fault points: \(faultPointNames.joined(separator: ", ")).
              time                            (print the virtual clock)
              cat --label /a/memory.max       (a '==> /a/memory.max <==' line first)
            Lines end in LF or CRLF; "quoted values" keep spaces and '#'.
            The root starts with memory in cgroup.subtree_control, as on a host booted
            by systemd; a cgroup whose subtree_control was never written passes memory
            down too; after -memory its children have no memory.* files and their
            tasks are charged to it.
            The memory controller is mounted on cgroup v2 under every preset, so the
            cgroup v1 files (memory.kmem.*, memory.limit_in_bytes, ...) are ENOENT;
            /proc/slabinfo counts per-memcg caches in their root caches' lines.
            Ranges: step 1...1000000000 (stops when nothing is pending); advance up
            to 100 years at once, the clock ends at 2^62 ns; kill PID 1...2^31-1.
            --json prints one JSON object a line per cat, expect, time, run --keep and --nowait,
            and a final {"status","error"} object on failure.
            Exit status: 0 success; 1 a failed expect or a command that failed
            (FILE:LINE and the errno are printed); 2 a syntax error or a script that
            is not UTF-8 (nothing ran); 3 an invariant broken under --check-invariants;
            4 refused: the estimated model memory exceeds what the machine has
            (--force runs it anyway); 64 a bad command line.
            """
    )

    private static var faultPointNames: [String] { kernelWithFaultPoints().faults.points.keys.sorted() }

    @Argument(help: "Script file, or - for standard input.") var file: String
    @OptionGroup var options: RunOptions
    @OptionGroup var limits: LimitOptions
    @Flag(help: ArgumentHelp("Check the model's invariants as the script runs (after every line while the model has under \(InvariantSchedule.cgroupsPerLine * 2) cgroups, then every cgroups/\(InvariantSchedule.cgroupsPerLine) lines, and after the last).",
                             discussion: "A failure is then replayed with a check after every line, to name the line that broke the invariant."))
    var checkInvariants = false

    func run() throws {
        let name = file == "-" ? "<stdin>" : file
        let bytes: [UInt8]
        if file == "-" {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: file) else {
                var isDirectory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
                throw InputError("cannot read script file '\(file)': " + (!exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "permission denied"))
            }
            bytes = Array(data)
        }
        let design = try options.resolvedDesign().design
        let configuration = KernelConfiguration(topology: try options.topology(), seed: options.seedValue, costs: try options.costModel())
        let format: ScriptOutputFormat = options.json ? .json : .text
        let text: String
        let lines: [ScriptLine]
        do {
            text = try ScriptSource.decode(bytes, file: name)
            lines = try ScriptRunner.parser.parse(text, file: name)
        } catch {
            try fail(error, format)
        }
        try limits.check(estimate: ScriptEstimate.hostBytes(lines, topology: configuration.topology), what: "script \(name)")
        let runner = ScriptRunner(configuration: configuration, design: design)
        runner.format = format
        let failure: ScriptError
        do {
            try runner.run(script: text, file: name, invariants: checkInvariants ? .scaled : .never)
            return
        } catch {
            failure = error
        }
        guard failure.exitCode == 3 else { try fail(failure, format) }
        // Name the exact line: replay on a fresh model, checking after every line.
        let replay = ScriptRunner(configuration: configuration, design: design, output: { _ in })
        do {
            try replay.run(script: text, file: name, invariants: .everyLine)
        } catch {
            try fail(error, format)
        }
        try fail(failure, format)
    }

    private func fail(_ error: ScriptError, _ format: ScriptOutputFormat) throws -> Never {
        printError(error.description)
        if format == .json {
            print("{\"status\":\(error.exitCode),\"error\":" + jsonQuote(error.description) + "}")
        }
        throw ExitCode(error.exitCode)
    }
}

/// A JSON string literal.
func jsonQuote(_ s: String) -> String { JSONWriter.quote(s) }
