import CgroupFS
import KernelSim
import Memcg
import Testing

/// `touch PID`: a task's swapped-out anonymous pages come back in
/// (`do_swap_page`, `mem_cgroup_swapin_charge_folio`, `swap_free`).
@Suite struct ScriptSwapInTests {
    private func run(_ text: String) throws -> (error: ScriptError?, output: String, runner: ScriptRunner) {
        var output = ""
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named("v6.12").design) { output += $0 }
        do {
            try runner.run(script: text, file: "t.memcg", checkingInvariants: true)
            return (nil, output, runner)
        } catch {
            return (error, output, runner)
        }
    }

    @Test func swapInChargesTheRecordedMemcgWhileOnlineAndFreesTheSlot() throws {
        let (error, _, runner) = try run("""
            swapon 1G
            mkdir /a
            mkdir /b
            run --keep /a anon 4M
            write /a/memory.reclaim 4M swappiness=200
            expect /a/memory.swap.current == 4M
            expect /a/memory.stat anon == 0
            echo 1000 > /b/cgroup.procs
            touch 1000 1M
            expect /a/memory.swap.current == 3M
            expect /a/memory.stat anon == 1M
            expect /b/memory.current == 0
            touch 1000
            expect /a/memory.swap.current == 0
            expect /a/memory.stat anon == 4M
            expect /b/memory.stat anon == 0
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(runner.fs.controller.pages.swap?.used == 0)
        #expect(runner.fs.controller.pages.statistics.swappedIn == 1_024)
    }

    /// An offline memcg cannot be charged (`css_tryget_online` fails): the
    /// page goes to the faulting task's memcg, the swap charge and the
    /// entry's reference leave the dying one, which can then be freed.
    @Test func swapInAfterRmdirChargesTheTasksMemcgAndLetsTheDyingOneGo() throws {
        let (error, _, _) = try run("""
            swapon 1G
            mkdir /a
            mkdir /b
            run --keep /a anon 4M
            write /a/memory.reclaim 4M swappiness=200
            echo 1000 > /b/cgroup.procs
            rmdir /a
            settle
            expect /cgroup.stat nr_dying_descendants == 1
            touch 1000
            expect /b/memory.stat anon == 4M
            expect /b/memory.swap.current == 0
            settle
            expect /cgroup.stat nr_dying_descendants == 0
            """)
        #expect(error == nil, "\(String(describing: error))")
    }

    @Test func aSwapInPastMemoryMaxOOMKillsTheTaskWhoseExitFreesItsEntries() throws {
        let (error, _, runner) = try run("""
            swapon 1G
            mkdir /a
            run --keep /a anon 4M
            write /a/memory.reclaim 4M swappiness=200
            write /a/memory.swap.max 0
            write /a/memory.max 1M
            expect-error ENOMEM touch 1000
            expect /a/memory.events oom_kill == 1
            expect /a/memory.swap.current == 0
            expect /a/memory.current == 0
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(runner.fs.controller.pages.swap?.used == 0)
    }

    /// `pgfault` counts every fault of the memcg's tasks, `pgmajfault`
    /// the swap-ins among them; both go to the faulting task's memcg
    /// (count_memcg_event_mm), even when the page is charged elsewhere.
    @Test func pgfaultAndPgmajfaultCountTheFaultingTasksFaults() throws {
        let (error, _, _) = try run("""
            swapon 1G
            mkdir /a
            mkdir /b
            run --keep /a anon 4M
            expect /a/memory.stat pgfault == 1024
            expect /a/memory.stat pgmajfault == 0
            write /a/memory.reclaim 4M swappiness=200
            echo 1000 > /b/cgroup.procs
            touch 1000 1M
            expect /a/memory.stat anon == 1M
            expect /a/memory.stat pgfault == 1024
            expect /b/memory.stat pgfault == 256
            expect /b/memory.stat pgmajfault == 256
            expect /memory.stat pgfault == 1280
            expect /memory.stat pgmajfault == 256
            """)
        #expect(error == nil, "\(String(describing: error))")
    }

    @Test func touchOfAnUnknownTaskIsESRCHAndMalformedTouchIsASyntaxError() throws {
        let (error, _, _) = try run("expect-error ESRCH touch 4242\n")
        #expect(error == nil)
        for line in ["touch", "touch x", "touch 1000 lots", "touch 1000 1M 2"] {
            let (syntax, _, _) = try run(line)
            guard case .syntax = syntax else { Issue.record("\(line): \(String(describing: syntax))"); continue }
        }
        let parsed = try ScriptRunner.parser.parse("touch 1000 4096", file: "t")[0]
        #expect(parsed.command.scriptText == "touch 1000 4096")
    }
}
