import CgroupFS
import KernelSim
import Memcg
import Testing

@Suite struct ScriptLanguageTests {
    private func run(_ text: String) -> (error: ScriptError?, output: String) {
        var output = ""
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { output += $0 }
        do {
            try runner.run(script: text, file: "t.memcg")
            return (nil, output)
        } catch {
            return (error, output)
        }
    }

    @Test func syntaxErrorsNameFileLineAndWhatWasExpectedAndRunNothing() {
        let (error, output) = run("cat /cgroup.stat\nmkdir\n")
        #expect(error == .syntax(file: "t.memcg", line: 2, message: "expected 'mkdir /PATH'"))
        #expect(error?.exitCode == 2)
        #expect(output.isEmpty)
    }

    @Test(arguments: [
        "frobnicate /a", "expect /a/memory.current ~ 1", "advance soon", "run /a", "run /a fly",
        "run /a anon lots", "run --cpu x /a anon 1", "expect-error EWHAT rmdir /a", "kill -3", "echo 1 /a/memory.max",
        "mount", "mount /sb", "umount a b", "shrink", "shrink a", "shrink /a 13", "shrink /a -1", "shrink /a 1 2",
        "run /a dcache", "run /a dcache x", "run /a files 3 --sb", "run /a files 3 --fs x", "run /a dcache 3 --sb a/b",
    ])
    func malformedLinesAreSyntaxErrors(line: String) {
        let (error, _) = run("mkdir /a\n" + line + "\n")
        guard case .syntax(_, 2, _) = error else {
            Issue.record("expected a syntax error at line 2 for '\(line)', got \(String(describing: error))")
            return
        }
    }

    @Test func failedExpectationSaysWhatWasExpectedAndWhatItGot() {
        let (error, _) = run("mkdir /a\nexpect /a/memory.max == 1M\n")
        #expect(error == .expectationFailed(file: "t.memcg", line: 2, message: "expected /a/memory.max == 1M, got max"))
        #expect(error?.exitCode == 1)
    }

    @Test func failingCommandStopsTheScriptWithItsErrno() {
        let (error, output) = run("rmdir /nope\ncat /cgroup.stat\n")
        guard case .commandFailed(_, 1, _, let box) = error else {
            Issue.record("expected a command failure, got \(String(describing: error))")
            return
        }
        #expect(box.errno == .ENOENT)
        #expect(output.isEmpty)
    }

    @Test func expectErrorFailsWhenTheCommandSucceedsOrFailsDifferently() {
        #expect(run("expect-error ENOENT mkdir /a\n").error == .expectationFailed(file: "t.memcg", line: 1, message: "expected ENOENT, got success"))
        if case .expectationFailed(_, 2, let message) = run("mkdir /a\nexpect-error EBUSY mkdir /a\n").error {
            #expect(message.hasPrefix("expected EBUSY, got EEXIST"))
        } else {
            Issue.record("expected an expectation failure")
        }
    }

    @Test func commentsBlankLinesAndEchoForm() {
        let (error, output) = run("# hi\n\nmkdir /a   # trailing\necho 2M > /a/memory.max\ncat /a/memory.max\n")
        #expect(error == nil)
        #expect(output == "2097152\n")
    }

    @Test func sameScriptSameOutput() {
        let script = "mkdir /a\nrun --keep /a anon 3M\nrun /a threads 5\ncat /a/memory.current\ncat /a/memory.events\nrmdir /a\n"
        let a = run(script), b = run(script)
        #expect(a.output == b.output)
        #expect(a.error != nil)  // rmdir with a live task: EBUSY
    }

    @Test func filesystemCommandsRoundTripThroughTheirScriptText() throws {
        let text = "mount sb1\nrun /a dcache 5 --sb sb1\nshrink /a 3\nshrink /\numount sb1\n"
        let lines = try ScriptRunner.parser.parse(text, file: "t")
        #expect(lines.map(\.command.scriptText) == ["mount sb1", "run /a dcache 5 --sb sb1", "shrink /a 3", "shrink / 0", "umount sb1"])
        let (error, _) = run("mkdir /a\n" + text)
        #expect(error == nil)
    }

    @Test func checkingInvariantsStopsAtTheFirstLineThatBreaksOne() {
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { _ in }
        let mc = runner.fs.controller
        mc.addOfflineStep("leak") { memcg, done in mc.get(memcg); done() }  // a planted bug
        do {
            try runner.run(script: "mkdir /a\nrmdir /a\nsettle\ncat /cgroup.stat\n", file: "t.memcg", checkingInvariants: true)
            Issue.record("the leak was not caught")
        } catch {
            guard case .invariantBroken(_, 3, let violations) = error else {
                Issue.record("expected an invariant broken at line 3, got \(error)")
                return
            }
            #expect(violations.contains { $0.hasPrefix("refcount") })
            #expect(error.exitCode == 3)
        }
    }
}
