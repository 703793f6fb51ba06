import ArgumentParser
import Foundation
import Fuzz

/// `memcg fuzz-frontend`: throws random and mutated scripts, control-file
/// writes and command lines at the `memcg` command itself, each in its own
/// process with a time limit.
struct FrontEndFuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz-frontend",
        abstract: "Fuzz the front ends: scripts, control-file writes and command lines, each run as a memcg process.",
        discussion: """
            Cases come from --seed: random scripts, scripts mutated from the corpus
            (--corpus files and directories of .memcg scripts: the repository's scripts
            and fuzz reproducers), scripts of random control-file writes, and random
            argument vectors. A case fails when the process is killed by a signal (a
            crash), runs past --timeout (a hang), or exits with a status the README
            does not document (0, 1, 2, 3, 4, 64). Each failure is written to --out as
            frontend-SEED-N.memcg (the script, if any) and frontend-SEED-N.sh (the
            command line).
            Exit status: 0 no failure; 1 a failure (reproducers written); 64 a bad
            command line.
            """
    )

    @Option(help: "Seed of the case generator (0...2^64-1).") var seed: UInt64 = 1
    @Option(help: "Number of cases (1...1000000), unless --seconds ends the run first.") var cases: Int = 200
    @Option(help: "Stop starting cases after this many host seconds (0 = no limit, at most 86400).") var seconds: Int = 0
    @Option(help: "Per-case time limit in host seconds (1...600).") var timeout: Int = 20
    @Option(help: ArgumentHelp("Scripts to mutate: files or directories of .memcg files. Repeatable.", valueName: "PATH"))
    var corpus: [String] = []
    @Option(help: ArgumentHelp("Where reproducers are written (an existing directory; default: memcg-fuzz under $TMPDIR, or /tmp).", valueName: "DIR")) var out: String?
    @Flag(name: .long, help: "Print a summary JSON object instead of text.") var json = false

    func run() throws {
        guard (1...1_000_000).contains(cases) else { throw InputError("--cases: expected 1...1000000, got \(cases)") }
        guard (0...86_400).contains(seconds) else { throw InputError("--seconds: expected 0...86400, got \(seconds)") }
        guard (1...600).contains(timeout) else { throw InputError("--timeout: expected 1...600, got \(timeout)") }
        // A run from a source tree leaves no reproducers in it.
        let out = try self.out ?? FuzzCommand.scratchDirectory()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isWritableFile(atPath: out) else {
            throw InputError("--out: '\(out.prefix(200))' is not a writable directory")
        }
        let scripts = try loadCorpus()
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("memcg-frontend-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        var generator = FrontEndGenerator(seed: seed, corpus: scripts)
        var counts: [String: Int] = [:]
        var statuses: [Int32: Int] = [:]
        var failures: [(index: Int, kind: String, outcome: FrontEndOutcome, reproducer: String)] = []
        let started = Date()
        var ran = 0
        for index in 0..<cases {
            if seconds > 0, Date().timeIntervalSince(started) >= Double(seconds) { break }
            let (kind, testCase) = generator.next()
            let scriptPath = work.appendingPathComponent("case.memcg").path
            if let script = testCase.script { try Data(script).write(to: URL(fileURLWithPath: scriptPath)) }
            let outcome = try runCase(executable, testCase.arguments(scriptPath: scriptPath))
            ran += 1
            counts[kind.rawValue, default: 0] += 1
            if case .documented(let status) = outcome { statuses[status, default: 0] += 1 }
            guard outcome.isFailure else { continue }
            let base = "\(out)/frontend-\(seed)-\(index)"
            var scriptFile = "-"
            if let script = testCase.script {
                scriptFile = base + ".memcg"
                try Data(script).write(to: URL(fileURLWithPath: scriptFile))
            }
            let line = testCase.shellLine(scriptFile: scriptFile)
            try? ("# \(outcome.summary) (memcg fuzz-frontend --seed \(seed), case \(index), \(kind.rawValue))\n" + line + "\n")
                .write(toFile: base + ".sh", atomically: true, encoding: .utf8)
            failures.append((index, kind.rawValue, outcome, base + ".sh"))
            if !json { print("FAIL case \(index) (\(kind.rawValue)): \(outcome.summary)\n     reproducer: \(base).sh") }
        }
        let elapsed = Date().timeIntervalSince(started)
        if json {
            var fields = ["\"cases\":\(ran)", "\"failed\":\(failures.count)"]
            fields.append("\"kinds\":{" + counts.sorted { $0.key < $1.key }.map { "\(jsonQuote($0.key)):\($0.value)" }.joined(separator: ",") + "}")
            fields.append("\"statuses\":{" + statuses.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}")
            fields.append("\"failures\":[" + failures.map {
                "{\"case\":\($0.index),\"kind\":\(jsonQuote($0.kind)),\"outcome\":\(jsonQuote($0.outcome.summary)),\"reproducer\":\(jsonQuote($0.reproducer))}"
            }.joined(separator: ",") + "]")
            fields.append("\"wall_seconds\":\((elapsed * 10).rounded() / 10)")
            print("{" + fields.joined(separator: ",") + "}")
        } else {
            let kinds = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            let exits = statuses.sorted { $0.key < $1.key }.map { "\($0.value) x \($0.key)" }.joined(separator: ", ")
            print(String(format: "fuzz-frontend: %d cases (%@) in %.1f s; exit statuses: %@; %d failed",
                         ran, kinds, elapsed, exits, failures.count))
        }
        if !failures.isEmpty { throw ExitCode(ExitStatus.failure) }
    }

    private func loadCorpus() throws -> [[UInt8]] {
        var files: [String] = []
        for path in corpus {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError("--corpus: no file or directory '\(path.prefix(200))'")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files += names.filter { $0.hasSuffix(".memcg") }.sorted().map { path + "/" + $0 }
            } else {
                files.append(path)
            }
        }
        return files.compactMap { FileManager.default.contents(atPath: $0).map { Array($0) } }
    }

    /// Runs one case in a child process, its output discarded.
    private func runCase(_ executable: String, _ arguments: [String]) throws -> FrontEndOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(Double(timeout))
        while process.isRunning {
            if Date() >= deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return .hung(seconds: Double(timeout))
            }
            usleep(2_000)
        }
        if process.terminationReason == .uncaughtSignal { return .crashed(signal: process.terminationStatus) }
        let status = process.terminationStatus
        return ExitStatus.documented.contains(status) ? .documented(status) : .undocumented(status)
    }
}
