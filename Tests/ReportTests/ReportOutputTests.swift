import Foundation
import Report
import Testing

@Suite struct ReportOutputTests {
    /// Reads a cell the text renderer printed ("38,555 pages", "5.58 GiB",
    /// "84.6 %") back into a number in the row's base unit.
    static func parse(_ cell: Substring) -> Double? {
        let parts = cell.split(separator: " ")
        guard let first = parts.first, let number = Double(first.replacingOccurrences(of: ",", with: "")) else { return nil }
        let scale: Double = switch parts.dropFirst().first {
        case "KiB": 1_024
        case "MiB": 1_048_576
        case "GiB": 1_073_741_824
        case "TiB": 1_099_511_627_776
        default: 1
        }
        return number * scale
    }

    /// The cells of a text table row after its label: a number and an
    /// optional unit word each, or n/a.
    static func cells(_ rest: Substring, count: Int) -> [Substring] {
        let units: Set<Substring> = ["page", "pages", "B", "KiB", "MiB", "GiB", "TiB", "s", "ms", "%"]
        let tokens = rest.split(separator: " ")
        var out: [Substring] = []
        var i = 0
        while i < tokens.count, out.count < count {
            if i + 1 < tokens.count, units.contains(tokens[i + 1]) {
                out.append(Substring(tokens[i] + " " + tokens[i + 1]))
                i += 2
            } else {
                out.append(tokens[i])
                i += 1
            }
        }
        return out
    }

    @Test func textTablesShowTheJSONFiguresOfTheSameRun() throws {
        let report = ReportFixture.report
        let text = TextRenderer.render(report)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let json = try ReportFixture.parsedJSON(report)
        var checked = 0
        for section in json["sections"] as! [[String: Any]] {
            for table in section["tables"] as! [[String: Any]] {
                let title = table["title"] as! String
                guard let start = lines.firstIndex(where: { $0 == Substring(title) }) else {
                    Issue.record("table '\(title)' is not in the text")
                    continue
                }
                let designs = (table["designs"] as! [[String: Any]]).map { $0["design"] as! String }
                let header = lines[start + 3].split(separator: " ")
                #expect(Array(header.dropFirst().prefix(designs.count)).map(String.init) == designs)
                for (offset, row) in (table["rows"] as! [[String: Any]]).enumerated() {
                    let label = row["figure"] as! String
                    let line = lines[start + 4 + offset]
                    #expect(line.hasPrefix("  " + label), "row \(offset) of '\(title)' is '\(line)', expected '\(label)'")
                    let values = row["values"] as! [String: Any]
                    let cells = Self.cells(line.dropFirst(2 + label.count), count: designs.count)
                    #expect(cells.count == designs.count)
                    for (design, cell) in zip(designs, cells) {
                        let expected = values[design] as? Double
                        let shown = Self.parse(cell)
                        if let expected {
                            guard let shown else { Issue.record("'\(cell)' for \(design), \(label)"); continue }
                            let tolerance = max(0.006 * abs(expected), 0.006)
                            #expect(abs(shown - expected) <= tolerance, "\(label), \(design): text \(cell), JSON \(expected)")
                            checked += 1
                        } else {
                            #expect(cell == "n/a")
                        }
                    }
                }
            }
        }
        #expect(checked > 20)
    }

    @Test func theSameSeedGivesTheSameBytesApartFromWallClockFigures() throws {
        let again = ReportFixture.plan.runs.map { try! $0.runLine() }
        func modelOnly(_ line: String) -> String {
            line.replacing(/"wall_[a-z_0-9]+":[-0-9.e+]+,?/, with: "")
        }
        #expect(again.map(modelOnly) == ReportFixture.lines.map(modelOnly))
        var records: [RunKey: RunRecord] = [:]
        for line in again {
            let r = try RunRecord(jsonLine: line)
            records[r.key] = r
        }
        let report = Report(plan: ReportFixture.plan, records: records, version: "test", wallSeconds: 0)
        #expect(TextRenderer.render(report) == TextRenderer.render(ReportFixture.report))
        #expect(MarkdownRenderer.render(report) == MarkdownRenderer.render(ReportFixture.report))
    }

    @Test func jsonIsOneObjectWithVersionSeedMachineAndSections() throws {
        let json = try ReportFixture.parsedJSON(ReportFixture.report)
        #expect(json["version"] as? String == "test")
        #expect(json["seed"] as? Int == 3)
        #expect(json["machine"] is [String: Any])
        let sections = json["sections"] as! [[String: Any]]
        #expect(sections.map { $0["id"] as! String } == ["004", "objcg"])
        let table = (sections[0]["tables"] as! [[String: Any]])[0]
        let run = (table["designs"] as! [[String: Any]])[0]
        #expect((run["knobs"] as! [String: Any])["vmstat"] as? String == "thresholdSpillDoubleFlush")
        #expect((run["metrics"] as! [String: Any])["parent_error_pages"] is Double)
        #expect(((table["params"] as! [String: Any])["children"] as? Int) == 1_000)
        let refs = sections[0]["references"] as! [[String: Any]]
        #expect((refs[0]["source"] as! [String: Any])["url"] as? String != nil)
    }

    @Test func disagreementsAreSaidInWords() {
        let drift = ReportFixture.report.sections[0]
        let legacy = drift.comparisons.first { $0.design.hasPrefix("v5.4") }
        #expect(legacy?.agrees == false)
        #expect(legacy?.sentence.contains("DISAGREES") == true)
        let rstat = drift.comparisons.first { $0.design.hasPrefix("v6.12") }
        #expect(rstat?.agrees == true)
        let objcg = ReportFixture.report.sections[1]
        #expect(objcg.comparisons.contains { $0.agrees == false && $0.sentence.contains("45-65 %") })
        #expect(objcg.comparisons.contains { $0.agrees == true && $0.design.contains("16 objects") })
    }

    @Test func formatting() {
        #expect(FigureFormat.text(5_988_978_688, .bytes) == "5.58 GiB")
        #expect(FigureFormat.text(38_555, .pages) == "38,555 pages")
        #expect(FigureFormat.text(1_234_567, .count) == "1,234,567")
        #expect(FigureFormat.text(0.0247, .milliseconds) == "0.0247 ms")
        #expect(FigureFormat.text(84.6048, .percent) == "84.6 %")
        #expect(FigureFormat.text(nil, .count) == "n/a")
        #expect(FigureFormat.text(512, .bytes) == "512 B")
    }
}
