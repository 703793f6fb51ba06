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

    /// The same campaign at a larger size, as CI runs it for every preset.
    @Test func theCampaignThatFoundItPasses() throws {
        for seed in UInt64(4)...5 {
            let configuration = FuzzConfiguration(designName: "v6.12", design: try Preset.named("v6.12").design,
                                                  seed: seed, operations: 20_000)
            try FuzzRun(configuration).run()
        }
    }
}
