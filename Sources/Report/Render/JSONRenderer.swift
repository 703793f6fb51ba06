import Scenarios

/// The report as exactly one JSON object: version, seed, machine, and per
/// section the designs, knobs, params, metrics and references. Keys keep a
/// fixed order, so equal runs print equal bytes (apart from `wall_*`).
public enum JSONRenderer {
    public static func render(_ report: Report) -> String {
        let out = JSONWriter()
        out.object {
            out.field("version", string: report.version)
            out.field("format", number: Double(Report.formatVersion))
            out.field("seed", number: Double(report.seed))
            out.field("full", bool: report.full)
            out.key("machine")
            out.object { out.field("host_cpus", number: Double(report.hostCPUs)) }
            out.field("runs_not_made", number: Double(report.runsNotMade))
            out.field("wall_seconds", number: report.wallSeconds)
            out.key("sections")
            out.array {
                for section in report.sections { write(section, out) }
            }
        }
        return out.text
    }

    static func write(_ s: SectionOutcome, _ out: JSONWriter) {
        out.object {
            out.field("id", string: s.id)
            out.key("seeds")
            out.array { for seed in s.seeds { out.string(seed) } }
            out.field("title", string: s.title)
            out.field("question", string: s.question)
            out.field("incomplete", bool: s.incomplete)
            out.key("tables")
            out.array { for t in s.tables { write(t, out) } }
            out.key("references")
            out.array {
                for r in s.references {
                    out.object {
                        out.field("id", string: r.id)
                        out.field("what", string: r.what)
                        out.field("value", number: r.value)
                        out.field("unit", string: r.unit.rawValue)
                        out.field("stated", string: r.stated)
                        out.field("tolerance", string: r.toleranceText)
                        out.key("source")
                        out.object {
                            out.field("author", string: r.citation.author)
                            out.field("title", string: r.citation.title)
                            out.field("date", string: r.citation.date)
                            out.field("url", string: r.citation.url)
                        }
                    }
                }
            }
            out.key("comparisons")
            out.array {
                for c in s.comparisons {
                    out.object {
                        out.field("reference", string: c.referenceID)
                        out.field("design", string: c.design)
                        out.field("figure", string: c.row)
                        out.field("model", number: c.model)
                        if let agrees = c.agrees { out.field("agrees", bool: agrees) } else { out.field("agrees", null: ()) }
                        out.field("text", string: c.sentence)
                    }
                }
            }
            out.key("notes")
            out.array { for n in s.notes { out.string(n) } }
            out.key("not_modelled")
            out.array { for n in s.notModelled { out.string(n) } }
            out.key("charts")
            out.array {
                for chart in s.charts {
                    out.object {
                        out.field("id", string: chart.id)
                        out.field("title", string: chart.title)
                        out.field("x", string: "\(chart.x.label) (\(chart.x.unit.rawValue))")
                        out.field("y", string: "\(chart.y.label) (\(chart.y.unit.rawValue))")
                        out.key("series")
                        out.array {
                            for series in chart.series {
                                out.object {
                                    out.field("name", string: series.name)
                                    out.field("reference", bool: series.isReference)
                                    out.key("points")
                                    out.array {
                                        for p in series.points {
                                            out.array {
                                                out.number(p.x)
                                                out.number(p.y)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func write(_ t: FigureTable, _ out: JSONWriter) {
        out.object {
            out.field("title", string: t.title)
            out.field("experiment", string: t.experiment.name)
            out.field("scenario", string: t.experiment.scenario)
            out.key("machine")
            out.object {
                out.field("cpus", number: Double(t.experiment.cpus))
                out.field("nodes", number: Double(t.experiment.nodes))
            }
            out.key("params")
            out.object { for p in t.experiment.params { out.field(p.name, number: Double(p.value)) } }
            out.key("designs")
            out.array {
                for run in t.experiment.runs {
                    out.object {
                        out.field("design", string: run.design)
                        out.key("knobs")
                        out.object { for k in run.knobs { out.field(k.name, string: k.value) } }
                        out.key("metrics")
                        out.object { for m in run.metrics { out.field(m.name, number: m.value) } }
                    }
                }
            }
            out.key("rows")
            out.array {
                for row in t.rows {
                    out.object {
                        out.field("figure", string: row.label)
                        out.field("unit", string: row.unit.rawValue)
                        out.field("metric", string: row.source)
                        out.key("values")
                        out.object {
                            for design in t.designs {
                                if let v = row.values[design] { out.field(design, number: v) } else { out.field(design, null: ()) }
                            }
                        }
                        if let ref = row.referenceID { out.field("reference", string: ref) }
                    }
                }
            }
        }
    }
}
