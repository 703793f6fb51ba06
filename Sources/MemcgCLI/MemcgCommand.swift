import ArgumentParser
import Foundation

/// The `memcg` command: an executable model of the Linux memory cgroup's
/// kernel-memory accounting.
@main
struct MemcgCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "memcg",
        abstract: "An executable model of the Linux memory controller's kernel-memory accounting.",
        discussion: """
            Memcg simulates cgroups, charging, slab caches, list_lru, shrinkers
            and statistics in virtual time, under several kernel designs, so
            that one workload can be compared across kernel releases.

            Start with:
              memcg report                  every seed, its designs, the published figures
              memcg designs                 kernel designs (presets), knobs
              memcg scenario list           the named experiments
              memcg scenario compare vmstat-drift   one experiment, every design
              memcg script FILE             drive the control files
              memcg fuzz --seeds 1..100     randomized checking of the model
              memcg host                    this machine's memory cgroups, dying ones, what-if
            """,
        version: version,
        subcommands: [ReportCommand.self, DesignsCommand.self, ScenarioCommand.self, SweepCommand.self,
                      ScriptCommandLine.self, FuzzCommand.self, FrontEndFuzzCommand.self, HostCommand.self]
    )

    /// Parses and runs a subcommand. Errors in values (our own checks)
    /// print one line and exit 64, without the usage text that
    /// swift-argument-parser prints after its own parse errors.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as InputError {
            printError("memcg: \(error.description)")
            Foundation.exit(ExitStatus.usage)
        } catch let error as RefusedError {
            printError("memcg: \(error.description)")
            Foundation.exit(ExitStatus.refused)
        } catch {
            // The parser's own errors (an unknown flag, a value that is not
            // a number) get the same one-line treatment; help and version
            // requests print as the parser prints them.
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            printError("memcg: \(message(for: error)) (see 'memcg help')")
            Foundation.exit(code.rawValue)
        }
    }
}
