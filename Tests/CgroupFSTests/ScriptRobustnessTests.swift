@testable import CgroupFS
import KernelSim
import Memcg
import Testing

/// Hostile or careless script input: it gets a clear error, or runs, but
/// never crashes, hangs or silently does something else.
@Suite struct ScriptRobustnessTests {
    private func run(_ text: String, json: Bool = false, design: Design = Design()) -> (error: ScriptError?, output: String) {
        var output = ""
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: design) { output += $0 }
        runner.format = json ? .json : .text
        do {
            try runner.run(script: text, file: "t.memcg")
            return (nil, output)
        } catch {
            return (error, output)
        }
    }

    @Test func crlfLineEndingsRunLikeLF() {
        let lf = "mkdir /a\nwrite /a/memory.max 1M\ncat /a/memory.max\nexpect /a/memory.max == 1M\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let a = run(lf), b = run(crlf)
        #expect(a.error == nil)
        #expect(b.error == nil)
        #expect(a.output == b.output)
    }

    @Test func hashInsideQuotesIsPartOfTheValue() throws {
        let lines = try ScriptRunner.parser.parse("expect /cgroup.subtree_control == \"a # b\"  # comment\n", file: "t")
        guard case .expect(let e) = lines.first?.command else {
            Issue.record("not an expect")
            return
        }
        #expect(e.value == "a # b")
        // An unterminated quote is a syntax error, not a silent comment.
        #expect(throws: ScriptError.self) { try ScriptRunner.parser.parse("write /a/memory.max \"1M\n", file: "t") }
    }

    @Test func errorsDoNotEchoHugeValuesOrRawControlBytes() {
        let huge = String(repeating: "9", count: 1_000_000)
        let (error, _) = run("mkdir /a\nwrite /a/memory.max \(huge)x\n")
        #expect(error != nil)
        #expect((error?.description.utf8.count ?? .max) < 600)
        let name = String(repeating: "n", count: 100_000)
        let (e2, _) = run("rmdir /\(name)\n")
        #expect((e2?.description.utf8.count ?? .max) < 600)
        let (e3, _) = run("frobnicate\u{1b}[2J\n")
        #expect(e3?.exitCode == 2)
        #expect(e3?.description.contains("\u{1b}") == false)
    }

    @Test func nonUTF8ScriptsNameTheLineAndByte() {
        let bytes: [UInt8] = Array("mkdir /a\nmkdir /b".utf8) + [0xFF] + Array("\n".utf8)
        do {
            _ = try ScriptSource.decode(bytes, file: "t.memcg")
            Issue.record("accepted")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.description.hasPrefix("t.memcg:2:"))
            #expect(error.description.contains("0xFF"))
        }
    }

    @Test func hugeAnonAllocationIsRefusedNotATrap() {
        let (error, _) = run("mkdir /a\nrun /a anon 9223372036854775807\n")
        #expect(error?.exitCode == 2)
    }

    @Test(arguments: ["run /a threads 100000000000", "run /a dcache 100000000", "run /a anon 1P",
                      "step 0", "step 10000000000000", "advance 18446744073709551615", "advance 1000000000000s"])
    func valuesOutsideTheirDocumentedRangeAreSyntaxErrors(line: String) {
        let (error, _) = run("mkdir /a\n" + line + "\n")
        guard case .syntax(_, 2, let message) = error else {
            Issue.record("'\(line)': expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("..."), "the message gives the range: \(message)")
    }

    @Test func stepStopsWhenNothingIsPending() {
        let (error, output) = run("step 1000000000\ntime\n")
        #expect(error == nil)
        #expect(output == "0s\n")
    }

    @Test func advancePastTheEndOfVirtualTimeIsAnErrorNotAWrap() {
        let (error, output) = run("advance 1ms\nadvance 3000000000s\nadvance 3000000000s\ntime\n")
        guard case .commandFailed(_, 3, _, let e) = error else {
            Issue.record("expected line 3 to fail, got \(String(describing: error))")
            return
        }
        #expect(e.errno == .EINVAL)
        #expect(output.isEmpty)
    }

    @Test func timePrintsTheVirtualClock() {
        let (error, output) = run("advance 1500ms\ntime\nadvance 250us\ntime\n")
        #expect(error == nil)
        #expect(output == "1500ms\n1500250us\n")
    }

    @Test func catLabelNamesTheFile() {
        let (error, output) = run("mkdir /a\ncat --label /a/memory.max\n")
        #expect(error == nil)
        #expect(output == "==> /a/memory.max <==\nmax\n")
    }

    @Test func jsonPrintsOneObjectPerCatAndExpect() {
        let (error, output) = run("mkdir /a\ncat /a/memory.max\nexpect /a/memory.max == max\ntime\n", json: true)
        #expect(error == nil)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == #"{"line":2,"command":"cat /a/memory.max","path":"/a/memory.max","content":"max\n"}"#)
        #expect(lines.dropFirst().first == #"{"line":3,"command":"expect /a/memory.max == max","holds":true,"actual":"max"}"#)
        #expect(lines.last?.hasPrefix(#"{"line":4,"command":"time","time_ns":"#) == true)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"line\":") && $0.hasSuffix("}") })
        let failing = run("mkdir /a\nexpect /a/memory.max == 1M\n", json: true)
        #expect(failing.error?.exitCode == 1)
        #expect(failing.output.contains(#""holds":false"#))
    }

    @Test func longIdleAdvanceSkipsPeriodicWorkAndMatchesRunningIt() throws {
        // Under rstat the periodic flush runs every 2 s; a long advance with
        // nothing else pending must not run it event by event, and must
        // leave the model exactly as running it would.
        let script = """
            mkdir /a
            run --keep /a slab pid 20
            advance 3s
            cat /a/memory.stat
            advance 100000s
            cat /a/memory.stat
            run /a kmalloc 64 10
            advance 7s
            cat /a/memory.stat
            time
            """
        func output(skipping: Bool) throws -> (String, UInt64, Int) {
            var text = ""
            let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named("v6.12").design) { text += $0 }
            runner.kernel.skipsIdlePeriodicWork = skipping
            try runner.run(script: script, file: "t")
            return (text, runner.kernel.trace.eventsRun, runner.fs.controller.stats.flushStatistics.flushes)
        }
        let skipped = try output(skipping: true)
        let ran = try output(skipping: false)
        #expect(skipped.0 == ran.0)
        #expect(skipped.1 == ran.1)
        #expect(skipped.2 == ran.2)
        #expect(skipped.2 > 50_000)
    }

    @Test func veryLongIdleAdvanceFinishes() throws {
        var text = ""
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named("v6.12").design) { text += $0 }
        try runner.run(script: "mkdir /a\nadvance 3000000000s\ntime\n", file: "t")
        #expect(text.hasPrefix("3000000000"))
    }
}

@Suite struct InvariantScheduleTests {
    /// A job script: each job a cgroup that charges memory, leaves a page
    /// behind (so it stays dying) and goes.
    static func jobs(_ n: Int) -> String {
        (0..<n).map { "mkdir /j\($0)\nrun /j\($0) anon 8K\nrun /j\($0) slab pid 2\nrmdir /j\($0)\n" }.joined()
    }

    @Test func scaledChecksCostGrowsLinearlyWithTheScript() throws {
        func cost(_ n: Int) throws -> (checks: Int, cgroupsChecked: Int) {
            let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { _ in }
            try runner.run(script: Self.jobs(n), file: "t", invariants: .scaled)
            return runner.invariantChecks
        }
        let small = try cost(250), large = try cost(1_000)
        // Four times the script, at most about four times the checking work
        // (every-line checks would be sixteen times).
        #expect(large.checks < 4 * 1_000 / 2)
        #expect(Double(large.cgroupsChecked) <= 5.0 * Double(small.cgroupsChecked))
    }

    @Test func scaledChecksStillCatchABreakAndEveryLineNamesIt() {
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { _ in }
        let mc = runner.fs.controller
        mc.addOfflineStep("leak") { memcg, done in mc.get(memcg); done() }  // a planted bug
        #expect(throws: ScriptError.self) { try runner.run(script: Self.jobs(100) + "settle\n", file: "t", invariants: .scaled) }
    }
}
