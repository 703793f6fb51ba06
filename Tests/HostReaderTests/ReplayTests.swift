import Foundation
@testable import HostReader
import Memcg
import Testing

/// The replay under the designs whose differences it exists to show.
@Suite struct ReplayTests {
    private func outcome(_ reading: HostReading, _ preset: String, dying: Int64? = nil) throws -> HostReplay.Outcome {
        let analysis = HostAnalysis(reading)
        // Small samples: the tests run the model in a debug build.
        let plan = ReplayPlan(reading, dyingCount: dying ?? analysis.read.dyingMemcgs, liveSlabObjectBudget: 500, dyingSlabFileBudget: 500)
        return try HostReplay(plan: plan, cpus: 4, nodes: 2).run(preset, try Preset.named(preset).design)
    }

    @Test func planPlacesTheDyingWhereCgroupStatSays() throws {
        let reading = try TemporaryHost.kubernetesV2().reading()
        let plan = ReplayPlan(reading, dyingCount: 12)
        #expect(plan.dying.map(\.parent) == ["/kubepods", "/kubepods/burstable", "/system.slice"])
        #expect(plan.dying.map(\.count) == [5, 4, 3])
        #expect(plan.dying.allSatisfy { $0.filePagesEach >= 1 && $0.slabFilesEach >= 1 })
        #expect(plan.live.count == 4)
        #expect(plan.assumptions.contains { $0.contains("page cache is not in the model yet") })
    }

    @Test func perMemcgCachesKeepDyingCgroupsUntilSlabIsShrunkAndObjcgDoesNot() throws {
        let reading = try TemporaryHost.kubernetesV2().reading()
        let legacy = try outcome(reading, "v5.4")
        let objcg = try outcome(reading, "v6.12")
        for o in [legacy, objcg] {
            #expect(o.dyingRequested == 12 && o.mkdirENOSPC == 0)
            #expect(o.dyingAfterOffline == 12, "page cache pins every dying cgroup in every design")
            #expect(o.dyingAfterPressure == 0)
            #expect(o.chargedAfterOffline > 0)
        }
        #expect(legacy.dyingAfterReclaim == 12, "their objects keep per-memcg child caches, and so the memcg, alive")
        #expect(objcg.dyingAfterReclaim == 0, "objcg is reparented at offline: slab no longer pins the memcg")
        #expect(objcg.chargedAfterReclaim > 0, "the reparented dentries stay charged to the parent until shrunk")
        #expect(objcg.chargedAfterPressure <= 0)
    }

    @Test func dyingCgroupsHoldTheirIDsOnlyBefore4_10() throws {
        let reading = HostReader(source: try TestSnapshots.buildMachine()).read()
        let live = HostAnalysis(reading).read.liveMemcgs
        let old = try outcome(reading, "v3.18", dying: 300)
        let newer = try outcome(reading, "v4.10", dying: 300)
        // Live cgroups below the replay's container, the container, and the model's root.
        let liveIDs = (live - 1) + 1 + 1
        #expect(old.memcgIDsAfterOffline == liveIDs + old.dyingAfterOffline)
        #expect(newer.memcgIDsAfterOffline == liveIDs)
        #expect(old.dyingAfterOffline == 300 && newer.dyingAfterOffline == 300)
    }

    @Test func theReportSaysWhatIsReadWhatIsModelledAndWhatIsAssumed() throws {
        let reading = try TemporaryHost.kubernetesV2().reading()
        let analysis = HostAnalysis(reading)
        let plan = ReplayPlan(reading, dyingCount: analysis.read.dyingMemcgs, liveSlabObjectBudget: 100, dyingSlabFileBudget: 100)
        let outcome = try HostReplay(plan: plan, cpus: 2, nodes: 1).run("v6.12", try Preset.named("v6.12").design)
        let report = HostReport(analysis: analysis, plan: plan, replay: [outcome], diagnostics: reading.diagnostics)
        let text = report.text
        let sections = ["Read from the host", "Modelled (", "Replay (modelled", "Assumptions"].map { text.range(of: $0)?.lowerBound }
        #expect(sections.allSatisfy { $0 != nil })
        #expect(sections.compactMap { $0 } == sections.compactMap { $0 }.sorted(), "in this order")
        #expect(text.contains("12 dying: nr_dying_subsys_memory"))
        #expect(text.contains("1 more cgroup directories without the memory controller"))
        #expect(text.contains("v6.12                       12"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let expected: Set<String> = ["read", "modelled", "replay", "assumptions", "diagnostics"]
        #expect(Set(json.keys) == expected)
    }

    @Test func theSameReadingReplaysTheSame() throws {
        let reading = HostReader(source: try TestSnapshots.buildMachine()).read()
        let a = try outcome(reading, "v4.11"), b = try outcome(reading, "v4.11")
        let dyingA: [Int] = [a.dyingAfterOffline, a.dyingAfterReclaim, a.dyingAfterPressure]
        let dyingB: [Int] = [b.dyingAfterOffline, b.dyingAfterReclaim, b.dyingAfterPressure]
        let chargedA: [Int64] = [a.chargedAfterOffline, a.chargedAfterReclaim, a.chargedAfterPressure]
        let chargedB: [Int64] = [b.chargedAfterOffline, b.chargedAfterReclaim, b.chargedAfterPressure]
        #expect(dyingA == dyingB)
        #expect(chargedA == chargedB)
    }
}
