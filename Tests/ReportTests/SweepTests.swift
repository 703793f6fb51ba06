import Foundation
import Report
import Scenarios
import Testing

@Suite struct SweepTests {
    let children = ScenarioParameter("children", default: 10, range: 1...1_000, "")

    @Test func rangesListsAndFactors() throws {
        #expect(try Sweep.values("1..8*2", for: children) == [1, 2, 4, 8])
        #expect(try Sweep.values("100..1000*3", for: children) == [100, 300, 900])
        #expect(try Sweep.values("3..5", for: children) == [3, 4, 5])
        #expect(try Sweep.values("7", for: children) == [7])
        #expect(try Sweep.values("1,1_000", for: children) == [1, 1_000])
    }

    @Test func badRangesSayWhatIsValid() {
        for bad in ["8..1", "1..8*1", "0..8*2", "1..2000", "x", "1..", "1,,2", "1..8*x"] {
            do {
                _ = try Sweep.values(bad, for: children)
                Issue.record("'\(bad)' was accepted")
            } catch {
                #expect(error.description.contains("children"), "\(error)")
            }
        }
        #expect(throws: ReportError.self) {
            try Sweep(scenario: "vmstat-drift", params: ["nope=1..2"], designs: ["v6.12"], seed: 1, cpus: nil, nodes: nil)
        }
        #expect(throws: ReportError.self) {
            try Sweep(scenario: "cache-teardown", params: [], designs: ["v6.12"], seed: 1, cpus: nil, nodes: nil)
        }
        #expect(throws: ReportError.self) {
            try Sweep(scenario: "vmstat-drift", params: ["children=1..1000000", "allocations=1..1000"], designs: ["v6.12"], seed: 1, cpus: nil, nodes: nil)
        }
    }

    @Test func shardsCoverEveryRunOnce() throws {
        let sweep = try Sweep(scenario: "vmstat-drift", params: ["children=1..64*2", "allocations=1,2"],
                              designs: ["v5.4", "v6.12"], seed: 1, cpus: nil, nodes: nil)
        #expect(sweep.runs.count == 7 * 2 * 2)
        let shards = (1...3).map { Sweep.shard(sweep.runs, index: $0, count: 3).map(\.key) }
        #expect(shards.map(\.count).reduce(0, +) == sweep.runs.count)
        #expect(Set(shards.flatMap { $0 }) == Set(sweep.runs.map(\.key)))
        #expect(throws: ReportError.badShard("4/3")) { try Sweep.parseShard("4/3") }
        #expect(throws: ReportError.badShard("0/3")) { try Sweep.parseShard("0/3") }
        #expect(try Sweep.parseShard("2/3") == (2, 3))
    }

    @Test func aReportAssembledFromShardFilesEqualsTheOneRunInProcess() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memcg-sweep-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = ReportFixture.lines
        for k in 1...2 {
            let mine = Sweep.shard(lines, index: k, count: 2)
            try (mine.joined(separator: "\n") + "\n").write(toFile: "\(dir)/report-shard-\(k)-of-2.jsonl", atomically: true, encoding: .utf8)
        }
        let records = try Sweep.load(directory: dir)
        #expect(records.count == ReportFixture.plan.runs.count)
        let assembled = Report(plan: ReportFixture.plan, records: records, version: "test", wallSeconds: 0)
        #expect(TextRenderer.render(assembled) == TextRenderer.render(ReportFixture.report))
        #expect(assembled.runsNotMade == 0)

        // A missing shard leaves runs unmade, and a bad line names its file and line.
        try FileManager.default.removeItem(atPath: "\(dir)/report-shard-2-of-2.jsonl")
        let partial = Report(plan: ReportFixture.plan, records: try Sweep.load(directory: dir), version: "test", wallSeconds: 0)
        #expect(partial.runsNotMade == lines.count / 2)
        try "{\"scenario\":1}\n".write(toFile: "\(dir)/broken.jsonl", atomically: true, encoding: .utf8)
        do {
            _ = try Sweep.load(directory: dir)
            Issue.record("a broken line was accepted")
        } catch {
            #expect(error.description.contains("broken.jsonl:1"))
        }
    }

    @Test func aPlainSweepReadsBackAsOneTablePerParameterCombination() throws {
        let sweep = try Sweep(scenario: "vmstat-drift", params: ["children=10..40*2"], designs: ["v5.4", "v6.12"],
                              seed: 1, cpus: nil, nodes: nil)
        let records = try sweep.runs.map { try $0.run() }
        let report = Report(sweep: records.reversed(), version: "test")
        #expect(report.sections.map(\.id) == ["vmstat-drift"])
        let tables = report.sections[0].tables
        #expect(tables.map(\.title) == ["children=10 allocations=24 read_tree=10,000 series_points=0",
                                         "children=20 allocations=24 read_tree=10,000 series_points=0",
                                         "children=40 allocations=24 read_tree=10,000 series_points=0"])
        for table in tables {
            #expect(table.designs == ["v5.4", "v6.12"])
            #expect(!table.rows.contains { $0.label.hasPrefix("wall_") })
            let error = try #require(table.rows.first { $0.label == "parent_error_pages" })
            #expect(error.unit == .pages)
            #expect(error.values["v5.4"]! > error.values["v6.12"]!)
        }
    }
}
