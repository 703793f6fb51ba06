import ArgumentParser
import Foundation

/// The exit statuses of every `memcg` subcommand (the README lists them).
enum ExitStatus {
    /// Success (and --help, --version).
    static let success: Int32 = 0
    /// A run that went wrong: a failed `expect` or script command, a fuzz
    /// campaign that found a failure, a scenario that could not finish.
    static let failure: Int32 = 1
    /// A script with a syntax error (nothing of it ran).
    static let syntaxError: Int32 = 2
    /// An invariant broken under `script --check-invariants`.
    static let invariantBroken: Int32 = 3
    /// Refused before starting: the estimated model memory is more than the
    /// machine has (`--force` runs it anyway).
    static let refused: Int32 = 4
    /// A malformed command line: an unknown subcommand or flag, a value out
    /// of its documented range, a flag the subcommand does not use.
    static let usage: Int32 = ExitCode.validationFailure.rawValue

    static let documented: Set<Int32> = [success, failure, syntaxError, invariantBroken, refused, usage]
}

/// A bad command line, reported as one line (no usage text) with exit 64.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// A run refused before it starts (exit 4).
struct RefusedError: Error, CustomStringConvertible {
    let description: String
}

/// Writes one line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
