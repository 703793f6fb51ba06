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

    /// Found by `memcg fuzz --all-designs` (v4.11, seeds 1 and 3) once jobs
    /// and moves left slab objects of a removed cgroup with tasks elsewhere:
    /// the RCU callback that releases a SLAB_TYPESAFE_BY_RCU slab of a dying
    /// cache (anon_vma) told the cache it was empty while other slabs still
    /// held objects, and 4.11 destroyed it with them inside.
    @Test(arguments: ["v4.10", "v4.11", "v5.4"])
    func aDyingCacheIsDestroyedOnlyOnceItsLastObjectIsFreed(preset: String) throws {
        let script = """
            mkdir /a
            mkdir /b
            run --cpu 0 /a slab anon_vma 1
            settle
            run --keep --cpu 0 /a slab anon_vma 20
            run --keep --cpu 1 /a slab anon_vma 300
            write /b/cgroup.procs 1001
            write /b/cgroup.procs 1002
            rmdir /a
            settle
            kill 1002
            settle
            kill 1001
            settle
            """
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named(preset).design) { _ in }
        let controller = runner.fs.controller
        try runner.run(script: script, file: "dying-cache-slab-released")
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
