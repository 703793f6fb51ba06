import CgroupFS
import KernelSim
import Memcg
import Testing

/// `run --nowait`, `wait`, and actions that take virtual time.
@Suite struct ScriptJobTests {
    private func run(_ text: String, preset: String = "v6.12") throws -> (error: ScriptError?, output: String) {
        var output = ""
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named(preset).design) { output += $0 }
        do {
            try runner.run(script: text, file: "t.memcg", checkingInvariants: true)
            return (nil, output)
        } catch {
            return (error, output)
        }
    }

    @Test func aBackgroundActionProceedsAsTheClockMovesAndWaitEndsIt() throws {
        let (error, output) = try run("""
            mkdir /a
            run --nowait --cpu 0 /a anon 4M
            expect /a/memory.stat anon == 0
            advance 100us
            expect /a/memory.stat anon > 0
            expect /a/memory.stat anon < 1M
            wait %1
            expect /a/memory.stat anon == 0
            expect-error ECHILD wait %1
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(output == "[1] 1000\n")
    }

    /// Each page costs `page_fault` (500 ns): two tasks on two CPUs fault
    /// at once, so waiting for both takes as long as the longer one.
    @Test func jobsOnTwoCPUsRunAtTheSameTime() throws {
        let (error, output) = try run("""
            mkdir /a
            time
            run --nowait --keep --cpu 0 /a anon 4M
            run --nowait --keep --cpu 1 /a anon 2M
            wait
            time
            expect /a/memory.stat anon == 6M
            """)
        #expect(error == nil, "\(String(describing: error))")
        let times = output.split(separator: "\n").filter { !$0.hasPrefix("[") }
        #expect(times.count == 2)
        let start = try #require(VirtualDuration(parsing: String(times[0])))
        let end = try #require(VirtualDuration(parsing: String(times[1])))
        #expect(end.nanoseconds - start.nanoseconds == 1_024 * 500)
    }

    @Test func aRunThatNothingOverlapsTakesItsPagesTimesTheFaultCost() throws {
        let (error, output) = try run("mkdir /a\ntime\nrun /a anon 1M\ntime\n")
        #expect(error == nil)
        let times = output.split(separator: "\n").compactMap { VirtualDuration(parsing: String($0)) }
        #expect(times.count == 2 && times[1].nanoseconds - times[0].nanoseconds == 256 * 500)
    }

    @Test func aJobTheOOMKillerChoseFailsItsWaitWithENOMEM() throws {
        let (error, _) = try run("""
            mkdir /a
            write /a/memory.max 1M
            run --nowait /a anon 4M
            expect-error ENOMEM wait %1
            expect /a/memory.events oom_kill == 1
            expect /a/memory.stat anon == 0
            """)
        #expect(error == nil, "\(String(describing: error))")
    }

    @Test func aKilledJobEndsAndItsWaitSucceeds() throws {
        let (error, _) = try run("""
            mkdir /a
            run --nowait /a anon 4M
            advance 50us
            kill 1000
            wait 1000
            expect /a/memory.stat anon == 0
            expect-error ECHILD wait 1000
            """)
        #expect(error == nil, "\(String(describing: error))")
    }

    @Test func errorsBeforeAnyUnitFailTheRunLine() throws {
        let (error, _) = try run("mkdir /a\nrun --nowait /a slab no_such_cache 1\n")
        guard case .commandFailed(_, 2, _, let failure) = error else { Issue.record("\(String(describing: error))"); return }
        #expect(failure.errno == .ENOENT)
        let (noJob, _) = try run("wait %3\n")
        guard case .commandFailed(_, 1, _, let missing) = noJob else { Issue.record("\(String(describing: noJob))"); return }
        #expect(missing.errno == .ECHILD)
    }

    /// Per-memcg caches are created by a work item after the first
    /// accounted allocation; a long action's later objects find the child
    /// cache once it exists instead of all landing in the root cache.
    @Test func laterObjectsOfOneActionLandInTheChildCache() throws {
        var output = ""
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named("v4.10").design) { output += $0 }
        try runner.run(script: "mkdir /job\nrun --keep /job slab vm_area_struct 3000\n", file: "t.memcg", checkingInvariants: true)
        let text = runner.fs.controller.kmem.slabinfoText(of: try runner.fs.controller.lookup("/job"))
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("vm_area_struct(") })
        let active = try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
        #expect(active > 2_000 && active < 3_000)
    }

    @Test(arguments: ["wait %0", "wait %x", "wait 1 2", "wait -4", "run --nowait", "run --nowait /a"])
    func malformedJobLinesAreSyntaxErrors(line: String) throws {
        let (error, _) = try run(line)
        guard case .syntax = error else { Issue.record("\(line): \(String(describing: error))"); return }
    }

    @Test func jobLinesRoundTripThroughTheirScriptText() throws {
        let parser = ScriptRunner.parser
        for text in ["run --nowait --keep --cpu 1 /a anon 4K", "wait", "wait %2", "wait 1000"] {
            let line = try parser.parse(text, file: "t")[0]
            #expect(line.command.scriptText == text)
        }
    }

    @Test func sameScriptWithJobsSameOutput() throws {
        let script = """
            mkdir /a
            mkdir /b
            write /b/memory.high 2M
            run --nowait --cpu 0 /a pagecache 3M
            run --nowait --cpu 1 /b anon 4M
            run --cpu 2 /a slab pid 500
            step 20
            cat /b/memory.events
            wait
            time
            cat /a/memory.stat
            """
        let first = try run(script)
        let second = try run(script)
        #expect(first.error == nil && first.output == second.output)
    }
}
