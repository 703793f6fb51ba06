@testable import Fuzz
import KernelSim
import Memcg
import Testing

/// The operations on background jobs, swap-in by touch and per-handle peak
/// resets are drawn in a short campaign, mostly succeed, and keep the run
/// deterministic.
@Suite struct FuzzBackgroundOperationsTests {
    /// What a run's page layer did, read after the run.
    private final class Observed: @unchecked Sendable {
        var controllers: [MemoryController] = []
    }

    private func configuration(seed: UInt64, ops: Int) throws -> FuzzConfiguration {
        FuzzConfiguration(designName: "v6.12", design: try Preset.named("v6.12").design, seed: seed, operations: ops)
    }

    @Test func everyNewOperationKindRunsInAShortCampaign() throws {
        var counts = FuzzOperationCounts()
        let observed = Observed()
        for seed in UInt64(1)...3 {
            var c = try configuration(seed: seed, ops: 2_000)
            c.fullCheckInterval = 100
            c.prepare = { observed.controllers.append($0) }
            try FuzzRun(c).run(counting: &counts)
        }
        let kinds = ["run --nowait anon", "run --nowait pagecache", "run --nowait slab", "wait", "touch", "swapon",
                     "open", "write @H", "cat @H", "close"]
        for kind in kinds {
            #expect(counts.succeeded[kind, default: 0] > 0, "\(kind) succeeded at least once (generated \(counts.generated[kind, default: 0]))")
        }
        // Valid arguments most of the time: at most a fifth of them fail,
        // among kinds drawn often enough for a fifth to mean something
        // (swapon is drawn a few times a run, and fails with EBUSY when an
        // older operation turned swap on first).
        for kind in kinds where counts.generated[kind, default: 0] >= 20 {
            let generated = counts.generated[kind, default: 0], succeeded = counts.succeeded[kind, default: 0]
            #expect(succeeded * 5 >= generated * 4, "\(kind): \(succeeded) of \(generated) succeeded")
        }
        // Touch found pages on swap and brought them back.
        let swappedIn = observed.controllers.reduce(0) { $0 + $1.pages.statistics.swappedIn }
        #expect(swappedIn > 0)
    }

    @Test func theNewOperationsKeepTheRunDeterministic() throws {
        var first = FuzzOperationCounts(), second = FuzzOperationCounts()
        let a = try FuzzRun(try configuration(seed: 7, ops: 1_500)).run(counting: &first)
        let b = try FuzzRun(try configuration(seed: 7, ops: 1_500)).run(counting: &second)
        #expect(a == b)
        #expect(first == second)
        #expect(first.generated["run --nowait anon", default: 0] > 0)
    }

    @Test func everyInvariantHoldsAfterEveryStepWithJobsInFlight() throws {
        var c = try configuration(seed: 5, ops: 600)
        c.topology = try Topology(cpus: 4, nodes: 2)
        c.fullCheckInterval = 1
        var counts = FuzzOperationCounts()
        try FuzzRun(c).run(counting: &counts)
        #expect(counts.generated["wait", default: 0] > 0)
    }
}
