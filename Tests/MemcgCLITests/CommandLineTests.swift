import Foundation
import Testing

/// The `memcg` command as a user meets it: exit statuses, one-line errors,
/// JSON on every subcommand that prints results, and refusals up front.
@Suite(.serialized) struct CommandLineTests {
    private func memcg(_ arguments: String...) throws -> MemcgProcess.Result {
        try MemcgProcess.run(arguments)
    }

    private func expectOneLineError(_ result: MemcgProcess.Result, status: Int32 = 64, mentioning: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(mentioning), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("USAGE"), "no usage text: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func compareTextIsByteIdenticalAcrossRuns() throws {
        let args = ["scenario", "compare", "engine-rcu", "--designs", "v5.4,v6.12", "--param", "callbacks=300", "--param", "window_ms=5"]
        let a = try MemcgProcess.run(args), b = try MemcgProcess.run(args)
        #expect(a.status == 0)
        #expect(!a.stdout.isEmpty)
        #expect(a.stdout == b.stdout)
        #expect(!a.stdout.contains("wall_"))
        #expect(a.stderr.contains("wall_"), "wall-clock figures go to standard error")
    }

    @Test func runTextIsByteIdenticalAndShowsByteUnits() throws {
        let args = ["scenario", "run", "slab-sharing", "--param", "cgroups=20"]
        let a = try MemcgProcess.run(args), b = try MemcgProcess.run(args)
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.contains("KiB") || a.stdout.contains("MiB"))
        let json = try memcg("scenario", "run", "slab-sharing", "--param", "cgroups=20", "--json")
        #expect(!json.stdout.contains("KiB") && !json.stdout.contains("MiB"), "JSON keeps raw numbers")
    }

    @Test func compareRejectsDesignAndEmptyDesigns() throws {
        expectOneLineError(try memcg("scenario", "compare", "vmstat-drift", "--design", "v4.10"), mentioning: "--design")
        expectOneLineError(try memcg("scenario", "compare", "vmstat-drift", "--designs", ""), mentioning: "--designs")
        expectOneLineError(try memcg("scenario", "compare", "vmstat-drift", "--designs", "v4.10,,v6.12"), mentioning: "--designs")
    }

    @Test func fuzzChecksItsOptionsUpFront() throws {
        expectOneLineError(try memcg("fuzz", "--ops", "10", "--out", "/nonexistent"), mentioning: "--out")
        expectOneLineError(try memcg("fuzz", "--ops", "10", "--seeds", "1..2", "--seed", "3", "--out", "/tmp"), mentioning: "--seed")
        expectOneLineError(try memcg("fuzz", "--ops", "10", "--all-designs", "--design", "v4.10", "--out", "/tmp"), mentioning: "--design")
        expectOneLineError(try memcg("fuzz", "--ops", "10", "--seeds", "0..18446744073709551615", "--out", "/tmp"), mentioning: "--seeds")
    }

    @Test func fuzzHelpListsTheJobTouchAndHandleOperations() throws {
        let result = try memcg("fuzz", "--help")
        #expect(result.status == 0)
        // The help may wrap lines: compare with runs of whitespace as one space.
        let help = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for operation in ["run --nowait", "wait %N", "wait PID", "touch PID [BYTES]", "open @H", "cat @H", "write @H reset", "close @H",
                          "memory.swap.peak"] {
            #expect(help.contains(operation), "\(operation)")
        }
    }

    @Test func fuzzJSONIsOneSummaryObject() throws {
        let out = try MemcgProcess.temporaryDirectory()
        let result = try memcg("fuzz", "--seeds", "1..2", "--ops", "50", "--json", "--out", out)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix(#"{"runs":2,"passed":2,"failed":0,"ops":50,"failures":[]"#) == true)
    }

    @Test func badMachineSizesAreOneLineErrors() throws {
        expectOneLineError(try memcg("scenario", "run", "engine-rcu", "--cpus", "0"), mentioning: "--cpus must be 1...4096")
        expectOneLineError(try memcg("scenario", "run", "engine-rcu", "--nodes", "1025"), mentioning: "--nodes must be 1...1024")
        expectOneLineError(try memcg("scenario", "run", "engine-rcu", "--cpus", "x"), mentioning: "--cpus")
        expectOneLineError(try memcg("scenario", "run", "engine-rcu", "--param", "callbacks=0"), mentioning: "callbacks")
    }

    @Test func scenarioRunWithoutDesignUsesTheScenariosDefault() throws {
        let result = try memcg("scenario", "run", "cache-teardown", "--param", "cgroups=10", "--param", "slabinfo_passes=0")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("scenario cache-teardown  design v5.4 "))
        // Naming a design it does not apply to is still an error.
        expectOneLineError(try memcg("scenario", "run", "cache-teardown", "--design", "v6.12"), mentioning: "does not apply")
    }

    @Test func listAndDescribeHaveJSONAndDescribeShowsRangesAndDesigns() throws {
        let list = try memcg("scenario", "list", "--json")
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix(#"[{"name":"engine-rcu","summary":"#))
        let describe = try memcg("scenario", "describe", "cache-teardown", "--json")
        #expect(describe.stdout.contains(#"{"name":"cgroups","default":10000,"min":1,"max":1000000,"#))
        #expect(describe.stdout.contains(#""default_design":"v5.4","designs":["v3.18","v4.10","v4.11","v5.4"]"#))
        let text = try memcg("scenario", "describe", "cache-teardown")
        #expect(text.stdout.contains("1...1000000"))
        #expect(text.stdout.contains("DESIGNS  v3.18, v4.10, v4.11, v5.4 (default v5.4)"))
    }

    @Test func oversizedRunsAreRefusedWithTheEstimate() throws {
        let result = try memcg("scenario", "run", "list-lru-overhead", "--design", "v5.13", "--nodes", "1024")
        #expect(result.status == 4)
        #expect(result.stderr.contains("GiB") && result.stderr.contains("--force"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let script = try MemcgProcess.temporaryFile(Array(("mkdir /a\n" + String(repeating: "run --keep /a dcache 10000000\n", count: 100_000)).utf8))
        let refused = try memcg("script", script)
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("TiB") || refused.stderr.contains("GiB"), "\(refused.stderr)")
    }

    @Test func scriptJSONAndErrors() throws {
        let script = try MemcgProcess.temporaryFile(Array("mkdir /a\r\ncat /a/memory.max\r\nexpect /a/memory.max == max\r\n".utf8))
        let result = try memcg("script", "--json", script)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 2)
        #expect(result.stdout.hasPrefix(#"{"line":2,"command":"cat /a/memory.max","path":"/a/memory.max","content":"max\n"}"#))
        let bad = try MemcgProcess.temporaryFile([0x6D, 0x6B, 0x64, 0x69, 0x72, 0x20, 0x2F, 0xFF, 0x0A])
        let failed = try memcg("script", bad)
        #expect(failed.status == 2)
        #expect(failed.stderr.contains(":1: not UTF-8: byte 0xFF at column 8"), "\(failed.stderr)")
        expectOneLineError(try memcg("script", "/nonexistent.memcg"), mentioning: "no such file")
        let anon = try MemcgProcess.temporaryFile(Array("mkdir /a\nrun /a anon 9223372036854775807\n".utf8))
        #expect(try memcg("script", anon).status == 2)
    }

    @Test func frontEndFuzzerRunsCleanOnAFewCases() throws {
        let out = try MemcgProcess.temporaryDirectory()
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CgroupFSTests/Scripts").path
        let result = try memcg("fuzz-frontend", "--seed", "7", "--cases", "24", "--timeout", "120", "--corpus", corpus, "--out", out, "--json")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix(#"{"cases":24,"failed":0,"#))
    }

    /// Without --out, both fuzzers write into memcg-fuzz under $TMPDIR,
    /// never into the directory they were run from.
    @Test func fuzzersDefaultToAScratchDirectory() throws {
        let tmp = try MemcgProcess.temporaryDirectory()
        let cwd = try MemcgProcess.temporaryDirectory()
        let frontEnd = try MemcgProcess.run(["fuzz-frontend", "--seed", "3", "--cases", "2", "--timeout", "120", "--json"],
                                            environment: ["TMPDIR": tmp], directory: cwd)
        #expect(frontEnd.status == 0, "\(frontEnd.stdout)\(frontEnd.stderr)")
        let fuzz = try MemcgProcess.run(["fuzz", "--seeds", "1", "--ops", "50"], environment: ["TMPDIR": tmp], directory: cwd)
        #expect(fuzz.status == 0, "\(fuzz.stdout)\(fuzz.stderr)")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: tmp + "/memcg-fuzz", isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cwd).isEmpty)
        // A $TMPDIR where no directory can be made is a one-line error.
        let file = try MemcgProcess.temporaryFile(Array("x".utf8))
        for arguments in [["fuzz-frontend", "--cases", "1"], ["fuzz", "--seeds", "1", "--ops", "10"]] {
            let refused = try MemcgProcess.run(arguments, environment: ["TMPDIR": file], directory: cwd)
            #expect(refused.status == 64, "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.contains("scratch directory"), "\(refused.stderr)")
        }
    }

    @Test func readmeDocumentsEveryExitStatusOfEverySubcommand() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        guard let table = text.range(of: "### Exit statuses") else {
            Issue.record("README has no exit status section")
            return
        }
        let section = text[table.upperBound...].prefix(3_000)
        for subcommand in ["designs", "scenario", "script", "fuzz", "fuzz-frontend"] {
            #expect(section.contains("`\(subcommand)"), "\(subcommand)")
        }
        for status in ["0", "1", "2", "3", "4", "64"] {
            #expect(section.contains("| \(status) "), "status \(status)")
        }
    }
}
