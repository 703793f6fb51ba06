import Foundation
import Testing

/// `memcg report` and `memcg sweep` as a user meets them: one-line errors,
/// quiet stderr when it is not a terminal, a sweep's files read back.
@Suite(.serialized) struct ReportCommandLineTests {
    private func memcg(_ arguments: String...) throws -> MemcgProcess.Result {
        try MemcgProcess.run(arguments)
    }

    private func expectOneLineError(_ result: MemcgProcess.Result, mentioning: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 64, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(mentioning), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func badSelectionsAreOneLineErrorsNamingWhatIsValid() throws {
        expectOneLineError(try memcg("report", "--seeds", "005"), mentioning: "valid: 002, 000, 001, 004")
        expectOneLineError(try memcg("report", "--designs", "v9"), mentioning: "valid presets: v3.18")
        expectOneLineError(try memcg("report", "--seeds", "000", "--designs", "v6.12"), mentioning: "v4.10, v4.11")
        expectOneLineError(try memcg("report", "--json", "--markdown"), mentioning: "--json")
        expectOneLineError(try memcg("sweep", "vmstat-drift", "--param", "children=9..1", "--out", "/tmp"), mentioning: "A <= B")
        expectOneLineError(try memcg("sweep", "vmstat-drift", "--shard", "0/2", "--out", "/tmp"), mentioning: "--shard")
        expectOneLineError(try memcg("sweep", "--out", "/tmp"), mentioning: "SCENARIO")
    }

    @Test func aSectionPrintsOneJSONObjectAndNothingOnANonTerminalStderr() throws {
        let result = try memcg("report", "--seeds", "004", "--designs", "v5.4,v6.12", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "no progress line when stderr is not a terminal: \(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect((object?["sections"] as? [[String: Any]])?.count == 1)
    }

    @Test func aShardedSweepReadsBackThroughReportFrom() throws {
        let dir = try MemcgProcess.temporaryDirectory()
        for shard in ["1/2", "2/2"] {
            let result = try memcg("sweep", "vmstat-drift", "--param", "children=10..40*2", "--designs", "v5.4,v6.12",
                                   "--shard", shard, "--out", dir, "--quiet", "--json")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix(#"{"runs":3,"total":6,"shard":""#), "\(result.stdout)")
        }
        let report = try memcg("report", "--from", dir)
        #expect(report.status == 0, "\(report.stderr)")
        for n in [10, 20, 40] { #expect(report.stdout.contains("children=\(n) allocations=24")) }
        // The report's own runs are not in this directory.
        expectOneLineError(try memcg("report", "--seeds", "004", "--from", dir), mentioning: "memcg sweep --report")
    }
}
