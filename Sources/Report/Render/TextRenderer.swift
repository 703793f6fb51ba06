import Foundation
import Scenarios

/// The report as aligned plain text for a terminal: one block per section,
/// designs as columns, the reference in its own column.
public enum TextRenderer {
    public static func render(_ report: Report) -> String {
        var out: [String] = []
        out.append("memcg report \(report.version)  seed \(report.seed)  \(report.scaleText)")
        if report.runsNotMade > 0 {
            out.append("STOPPED: \(report.runsNotMade) run(s) not made; sections below show what finished.")
        }
        for section in report.sections {
            out.append("")
            out.append(heading(section))
            out.append(String(repeating: "=", count: heading(section).count))
            out.append(section.question)
            if section.incomplete { out.append("(incomplete: stopped before every run was made)") }
            for table in section.tables {
                out.append("")
                out.append(contentsOf: render(table, references: section.references, seed: report.seed))
            }
            if !section.references.isEmpty {
                out.append("")
                out.append("References")
                for r in section.references {
                    out.append("  [\(r.id)] \(r.what): \(r.stated); \(r.toleranceText)")
                    out.append("      \(r.citation.text)")
                }
            }
            if !section.comparisons.isEmpty {
                out.append("")
                out.append("Model against references")
                for c in section.comparisons { out.append("  - " + c.sentence) }
            }
            if !section.notes.isEmpty {
                out.append("")
                out.append("Notes")
                for note in section.notes { out.append("  - " + note) }
            }
            if !section.notModelled.isEmpty {
                out.append("")
                out.append("Not modelled yet")
                for item in section.notModelled { out.append("  - " + item) }
            }
            if !section.charts.isEmpty {
                out.append("")
                out.append("Charts (memcg report --html FILE or --svg DIR): " + section.charts.map(\.title).joined(separator: "; "))
            }
        }
        return out.joined(separator: "\n")
    }

    static func heading(_ section: SectionOutcome) -> String {
        let numbered = section.id.split(separator: "/").allSatisfy { Int($0) != nil }
        return "\(numbered ? "SEED \(section.id)" : section.id.uppercased()): \(section.title)"
    }

    /// The experiment line: scenario, machine and parameters.
    static func setup(_ e: ExperimentRecord) -> String {
        let params = e.params.map { "\($0.name)=\(FigureFormat.grouped(Double($0.value)))" }.joined(separator: " ")
        return "scenario \(e.scenario), \(e.cpus) CPUs, \(e.nodes) node\(e.nodes == 1 ? "" : "s"); \(params)"
    }

    /// The command that reruns one table's runs on their own, to change a
    /// knob (`--set`) or a parameter from there.
    static func rerun(_ t: FigureTable, seed: UInt64) -> String {
        let defaults = (try? Scenarios.ScenarioRunner.scenario(named: t.experiment.scenario))?.parameters ?? []
        let params = t.experiment.params.filter { p in
            p.name != "series_points" && defaults.first { $0.name == p.name }?.defaultValue != p.value
        }
        return "memcg scenario compare \(t.experiment.scenario) --designs \(t.designs.joined(separator: ","))"
            + " --cpus \(t.experiment.cpus) --nodes \(t.experiment.nodes) --seed \(seed)"
            + params.map { " --param \($0.name)=\($0.value)" }.joined()
    }

    /// The cells of one table: a header row, then a row per figure; the
    /// last column is the reference.
    static func cells(_ table: FigureTable, references: [Reference]) -> [[String]] {
        var rows = [["figure"] + table.designs + ["reference"]]
        for row in table.rows {
            let ref = row.referenceID.flatMap { id in references.first { $0.id == id } }
            rows.append([row.label] + table.designs.map { FigureFormat.text(row.values[$0], row.unit) }
                        + [ref.map { "\($0.stated) [\($0.id)]" } ?? ""])
        }
        return rows
    }

    static func render(_ table: FigureTable, references: [Reference], seed: UInt64) -> [String] {
        let rows = cells(table, references: references)
        let columns = rows[0].count
        let widths = (0..<columns).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = [table.title, "  " + setup(table.experiment), "  rerun: " + rerun(table, seed: seed)]
        for row in rows {
            var line = "  " + row[0].padding(toLength: widths[0], withPad: " ", startingAt: 0)
            for c in 1..<columns - 1 {
                line += "  " + String(repeating: " ", count: widths[c] - row[c].count) + row[c]
            }
            if !row[columns - 1].isEmpty { line += "  " + row[columns - 1] }
            out.append(line.trailingSpaceTrimmed)
        }
        return out
    }
}

extension String {
    var trailingSpaceTrimmed: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
