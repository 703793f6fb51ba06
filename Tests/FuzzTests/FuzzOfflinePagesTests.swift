@testable import Fuzz
import KernelSim
import Memcg
import Testing

/// The randomized checker over the `offlinePages` designs: reclaim holds
/// what it isolated for a window, removals land in it, and every invariant
/// (page conservation, AWOL pages only under the RFC) holds.
@Suite struct FuzzOfflinePagesTests {
    /// What a run's page layer did, read after the run.
    private final class Observed: @unchecked Sendable {
        var controller: MemoryController?
    }

    @Test func allDesignsCoversEveryOfflinePagesValue() {
        let designs = FuzzConfiguration.allDesigns()
        for value in OfflinePages.allCases {
            #expect(designs.contains { $0.design.offlinePages == value }, "\(value) is fuzzed")
        }
        let rfc = designs.first { $0.settings == ["offlinePages=reparentLRUs"] }
        #expect(rfc?.name == "v6.12+offlinePages=reparentLRUs")
    }

    @Test func replayOptionsCarryTheSettingsAndTheWindow() throws {
        var design = try Preset.named("v6.12").design
        try design.apply(settings: ["offlinePages=reparentLRUs"])
        let c = FuzzConfiguration(designName: "v6.12+offlinePages=reparentLRUs", design: design,
                                  settings: ["offlinePages=reparentLRUs"], seed: 3, operations: 10)
        #expect(c.replayOptions.hasPrefix("--design v6.12 --set offlinePages=reparentLRUs --seed 3"))
        #expect(c.replayOptions.hasSuffix("--cost reclaim_isolation_window=25000000ns"))
    }

    /// Offlines land in reclaim's window: the RFC leaves AWOL pages (and the
    /// checker, which allows them only there, passes); the 3.18 loop goes
    /// round; no other design ever has one.
    @Test(arguments: [OfflinePages.reparentLRUs, .reparentCharges, .reparentLRUsOnPutback, .objcg])
    func reclaimInterleavesWithOffline(_ value: OfflinePages) throws {
        var awolArrivals = 0, loopPasses = 0, offlined = 0, redirected = 0
        for seed in UInt64(1)...12 {
            var design = try Preset.named("v6.12").design
            design.offlinePages = value
            var c = FuzzConfiguration(designName: "v6.12", design: design, settings: ["offlinePages=\(value.rawValue)"],
                                      seed: seed, operations: 3_000)
            c.fullCheckInterval = 250
            let observed = Observed()
            c.prepare = { observed.controller = $0 }
            try FuzzRun(c).run()
            let stats = observed.controller!.pages.offlineStatistics
            awolArrivals += stats.awolArrivals
            loopPasses += stats.loopIterations
            offlined += stats.offlinedMemcgs
            redirected += stats.redirectedPages
        }
        #expect(offlined > 0)
        switch value {
        case .reparentLRUs: #expect(awolArrivals > 0)
        case .reparentCharges:
            #expect(awolArrivals == 0)
            #expect(loopPasses > offlined, "some loop went round again")
        default:
            #expect(awolArrivals == 0)
            #expect(redirected > 0, "some isolated page was put back after its memcg's offline")
        }
    }
}
