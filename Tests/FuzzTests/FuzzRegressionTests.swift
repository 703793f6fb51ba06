import CgroupFS
import KernelSim
@testable import Fuzz
@testable import Memcg
import Testing
import MemcgTestSupport

/// Bugs the randomized checker found, each kept as a directed test (the
/// generator has gained operations since, so the original seeds no longer
/// replay the same sequence).
@Suite struct FuzzRegressionTests {
    /// Found by `memcg fuzz --seeds 1..5 --ops 20000` (v6.12, seeds 4 and 5):
    /// between the last reference drop and the release work, a cgroup was
    /// marked released while cgroup.stat still counted it as dying.
    @Test func aCgroupCountsAsDyingUntilItsReleaseWorkRuns() throws {
        let mc = testController()
        let a = try mc.mkdir("/a")
        let b = try mc.mkdir("/a/b")
        try mc.chargeAnon(b, pages: 1)
        try mc.rmdir("/a/b")
        mc.kernel.runUntilIdle()
        mc.unchargeAnon(b, pages: 1)  // the last reference: release work is queued, not run
        #expect(a.dyingDescendants == 1)
        #expect(b.state == .dying)
        #expect(mc.checkInvariants().isEmpty)
        mc.kernel.runUntilIdle()
        #expect(a.dyingDescendants == 0)
        #expect(b.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
    }

    /// Found by `memcg fuzz --design next --seeds 1 --ops 20000` once the
    /// generator drew background jobs: a memory.max write reclaimed (time
    /// the writer owes), then OOM-killed a job's task; the task paid that
    /// time while its exit was still under way, the job's next step ran
    /// meanwhile, ended the action and exited the task a second time, so
    /// /a lost two tasks for one.
    @Test(arguments: ["v5.4", "v6.12", "next"])
    func aTaskKilledWhileItsJobRunsExitsOnce(preset: String) throws {
        let script = """
            mkdir /a
            run --keep --cpu 1 /a pagecache 256K --file f1
            run --nowait --cpu 0 /a anon 64K
            step 10
            write /a/memory.max 4K
            expect-error ENOMEM wait %1
            settle
            expect /a/memory.stat anon == 0
            rmdir /a
            """
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named(preset).design) { _ in }
        let controller = runner.fs.controller
        try runner.run(script: script, file: "oom-kill-of-a-job")
        #expect(controller.violations.isEmpty, "\(controller.violations)")
        #expect(controller.checkInvariants().isEmpty)
    }

    /// The same campaign at a larger size, as CI runs it for every preset.
    @Test func theCampaignThatFoundItPasses() throws {
        for seed in UInt64(4)...5 {
            let configuration = FuzzConfiguration(designName: "v6.12", design: try Preset.named("v6.12").design,
                                                  seed: seed, operations: 20_000)
            try FuzzRun(configuration).run()
        }
    }
}
