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
        #expect(plan.assumptions.contains { $0.contains("dying cgroup's page cache is clean page-cache pages") })
        #expect(plan.assumptions.contains { $0.contains("no MemTotal") || $0.contains("MemTotal (") })
    }

    @Test func memoryReclaimOfTheRootFreesTheDyingCgroupsInEveryDesign() throws {
        let reading = try TemporaryHost.kubernetesV2().reading()
        let plan = ReplayPlan(reading, dyingCount: 12, liveSlabObjectBudget: 500, dyingSlabFileBudget: 500)
        let dyingFilePages = plan.dying.reduce(0) { $0 + $1.count * $1.filePagesEach }
        let pageBytes = Int64(PageSize.bytes)
        for preset in ["v5.4", "v6.12"] {
            let o = try outcome(reading, preset)
            #expect(o.dyingRequested == 12 && o.mkdirENOSPC == 0)
            #expect(o.dyingAfterOffline == 12, "page cache pins every dying cgroup in every design")
            #expect(o.chargedAfterOffline - o.kernelChargedAfterOffline == Int64(dyingFilePages) * pageBytes,
                    "the dying cgroups' page cache is charged as real pages")
            // memory.reclaim asks for all the root's page cache; only the
            // dying cgroups' is on the LRUs: it is all evicted, then EAGAIN.
            #expect(o.reclaimedPages >= dyingFilePages)
            #expect(o.reclaimEAGAIN)
            #expect(o.dyingAfterReclaim == 0, "evicting their page cache and shrinking their slab frees them")
            #expect(o.chargedAfterReclaim <= 0)
            #expect(o.dyingAfterPressure == 0)
        }
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
        #expect(a.reclaimedPages == b.reclaimedPages && a.reclaimEAGAIN == b.reclaimEAGAIN)
        #expect(a.pressureRounds == b.pressureRounds && a.kswapdRuns == b.kswapdRuns)
    }
}
