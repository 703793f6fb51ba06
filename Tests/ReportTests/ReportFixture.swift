import Foundation
import Report

/// A small report made once for the tests that read its outputs: seed 004
/// and objcg under three designs, at the default scale (a few seconds in a
/// debug build).
enum ReportFixture {
    static let options = ReportOptions(seeds: ["004", "objcg"], designs: ["v5.4", "v5.9", "v6.12"], seed: 3)

    static let plan: ReportPlan = try! ReportPlan(options)

    /// The JSON lines of every run, as a sweep writes them.
    static let lines: [String] = plan.runs.map { try! $0.runLine() }

    static let report: Report = {
        var records: [RunKey: RunRecord] = [:]
        for line in lines {
            let record = try! RunRecord(jsonLine: line)
            records[record.key] = record
        }
        return Report(plan: plan, records: records, version: "test", wallSeconds: 0)
    }()

    /// The report's JSON parsed with Foundation, independently of the
    /// module's own reader.
    static func parsedJSON(_ report: Report) throws -> [String: Any] {
        let data = Data(JSONRenderer.render(report).utf8)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
