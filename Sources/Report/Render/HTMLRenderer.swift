/// The report as one self-contained HTML page: the tables, the references
/// with their sources and every chart as inline SVG. No network, no
/// external files; the one inline script only marks which charts drew.
public enum HTMLRenderer {
    public static func render(_ report: Report) -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en" xmlns="http://www.w3.org/1999/xhtml">
        <head>
        <meta charset="utf-8"/>
        <title>memcg report</title>
        <style>
        body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; }
        th, td { border-bottom: 1px solid #ddd; padding: 3px 10px; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.ref { color: #555; font-style: italic; }
        .setup { color: #555; font-size: 90%; }
        .disagree { color: #a40000; }
        figure { margin: 1em 0; }
        </style>
        </head>
        <body>
        <h1>memcg report</h1>
        <p>memcg \(esc(report.version)), seed \(report.seed), \(esc(report.scaleText)). Every figure comes from running the model; references are data with their sources, in their own column.</p>

        """
        if report.runsNotMade > 0 { out += "<p class=\"disagree\">Stopped: \(report.runsNotMade) run(s) not made.</p>\n" }
        for section in report.sections {
            out += "<section id=\"section-\(esc(section.id.replacingSlashes))\">\n<h2>\(esc(TextRenderer.heading(section)))</h2>\n<p><em>\(esc(section.question))</em></p>\n"
            for table in section.tables {
                out += "<h3>\(esc(table.title))</h3>\n<p class=\"setup\">\(esc(TextRenderer.setup(table.experiment)))<br/>rerun: <code>\(esc(TextRenderer.rerun(table, seed: report.seed)))</code></p>\n<table>\n"
                let rows = TextRenderer.cells(table, references: section.references)
                out += "<tr>" + rows[0].map { "<th>\(esc($0))</th>" }.joined() + "</tr>\n"
                for row in rows.dropFirst() {
                    out += "<tr><td>\(esc(row[0]))</td>" + row.dropFirst().dropLast().map { "<td class=\"n\">\(esc($0))</td>" }.joined()
                        + "<td class=\"ref\">\(esc(row.last ?? ""))</td></tr>\n"
                }
                out += "</table>\n"
            }
            for chart in section.charts { out += "<figure>\n" + SVGChart.render(chart) + "</figure>\n" }
            if !section.comparisons.isEmpty {
                out += "<h3>Model against references</h3>\n<ul>\n"
                for c in section.comparisons {
                    out += "<li\(c.agrees == false ? " class=\"disagree\"" : "")>\(esc(c.sentence))</li>\n"
                }
                out += "</ul>\n"
            }
            if !section.notes.isEmpty {
                out += "<h3>Notes</h3>\n<ul>\n" + section.notes.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n"
            }
            if !section.notModelled.isEmpty {
                out += "<h3>Not modelled yet</h3>\n<ul>\n" + section.notModelled.map { "<li>\(esc($0))</li>\n" }.joined() + "</ul>\n"
            }
            if !section.references.isEmpty {
                out += "<h3>References</h3>\n<ul>\n"
                for r in section.references {
                    out += "<li>[\(esc(r.id))] \(esc(r.what)): \(esc(r.stated)); \(esc(r.toleranceText)). \(esc(r.citation.author)), <a href=\"\(esc(r.citation.url))\">\(esc(r.citation.title))</a>, \(esc(r.citation.date)).</li>\n"
                }
                out += "</ul>\n"
            }
            out += "</section>\n"
        }
        out += """
        <script>
        window.addEventListener('load', function () {
          var charts = document.querySelectorAll('svg.chart');
          var drawn = 0;
          charts.forEach(function (svg) {
            var box = svg.getBBox();
            var marks = svg.querySelectorAll('.series polyline, .series circle').length;
            if (box.width * box.height * marks > 0) { drawn += 1; svg.setAttribute('data-drawn', 'yes'); }
          });
          document.body.setAttribute('data-charts', String(charts.length));
          document.body.setAttribute('data-charts-drawn', String(drawn));
        });
        </script>
        </body>
        </html>

        """
        return out
    }

    static func esc(_ s: String) -> String { SVGChart.escape(s) }
}

extension String {
    var replacingSlashes: String { String(map { $0 == "/" ? "-" : $0 }) }
}
