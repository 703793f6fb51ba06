import ArgumentParser
import CgroupFS
import Foundation
import KernelSim
import Memcg
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
              run [--keep] [--cpu N] /a ACTION [ARGS...]
              kill PID
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
            Exit status: 0 success; 1 a failed expect or a command that failed
            (FILE:LINE and the errno are printed); 2 a syntax error (nothing ran);
            3 an invariant broken under --check-invariants.
            """
    )

    private static var faultPointNames: [String] { kernelWithFaultPoints().faults.points.keys.sorted() }

    @Argument(help: "Script file, or - for standard input.") var file: String
    @OptionGroup var options: RunOptions
    @Flag(help: "Check the model's invariants after every line (for replaying fuzz failures).")
    var checkInvariants = false

    func run() throws {
        let (name, text): (String, String)
        if file == "-" {
            var input = ""
            while let line = readLine(strippingNewline: false) { input += line }
            (name, text) = ("<stdin>", input)
        } else {
            guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read script file '\(file)'")
            }
            (name, text) = (file, contents)
        }
        let design = try options.resolvedDesign().design
        let configuration = KernelConfiguration(topology: try options.topology(), seed: options.seed, costs: try options.costModel())
        let runner = ScriptRunner(configuration: configuration, design: design)
        do {
            try runner.run(script: text, file: name, checkingInvariants: checkInvariants)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(error.exitCode)
        }
    }
}
