import Foundation

/// The report as Markdown, for a bug report or a mailing-list post.
public enum MarkdownRenderer {
    public static func render(_ report: Report) -> String {
        var out: [String] = []
        out.append("# memcg report")
        out.append("")
        out.append("memcg \(report.version), seed \(report.seed), \(report.scaleText). Every figure comes from running the model; references are in their own column with their sources.")
        if report.runsNotMade > 0 { out.append("\n**Stopped:** \(report.runsNotMade) run(s) not made.") }
        for section in report.sections {
            out.append("")
            out.append("## " + TextRenderer.heading(section))
            out.append("")
            out.append("*\(section.question)*")
            for table in section.tables {
                out.append("")
                out.append("**\(escape(table.title))** (\(escape(TextRenderer.setup(table.experiment)))); rerun: `\(TextRenderer.rerun(table, seed: report.seed))`")
                out.append("")
                let rows = TextRenderer.cells(table, references: section.references)
                out.append("| " + rows[0].map(escape).joined(separator: " | ") + " |")
                out.append("|" + rows[0].indices.map { $0 == 0 || $0 == rows[0].count - 1 ? "---|" : "---:|" }.joined())
                for row in rows.dropFirst() { out.append("| " + row.map(escape).joined(separator: " | ") + " |") }
            }
            if !section.comparisons.isEmpty {
                out.append("")
                for c in section.comparisons { out.append("- " + escape(c.sentence)) }
            }
            if !section.notes.isEmpty {
                out.append("")
                for note in section.notes { out.append("- " + escape(note)) }
            }
            if !section.notModelled.isEmpty {
                out.append("")
                out.append("Not modelled yet:")
                for item in section.notModelled { out.append("- " + escape(item)) }
            }
            if !section.references.isEmpty {
                out.append("")
                out.append("References:")
                for r in section.references {
                    out.append("- [\(r.id)] \(escape(r.what)): \(escape(r.stated)) — \(escape(r.citation.author)), [\(escape(r.citation.title))](\(r.citation.url)), \(r.citation.date)")
                }
            }
        }
        return out.joined(separator: "\n")
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "*", with: "\\*")
    }
}
