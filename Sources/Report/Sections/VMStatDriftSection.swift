/// Seed 004: per-CPU statistics batches flushed twice when a cgroup dies
/// (5.3-5.4) against the bound of one batch per CPU per dying cgroup, and
/// against rstat's exact propagation.
struct VMStatDriftSection: ReportSection {
    let id = "004"
    let seeds = ["004"]
    let title = "memory.stat drift: per-CPU batches flushed once, twice, or through rstat"
    let question = "How far is a parent's memory.stat off after many children came and went, against the bound of 32 pages x CPUs per dying cgroup?"
    let legacy = "v5.4"
    var designs: [String] { [legacy, "v5.9", "v5.13", "v6.12", "next"] }
    let cpus = 4

    var references: [Reference] { [References.driftBound(cpus: cpus)] }

    func children(full: Bool) -> Int { full ? 10_000 : 1_000 }

    func experiments(full: Bool) -> [Experiment] {
        [Experiment("drift", scenario: "vmstat-drift", designs: designs,
                    params: [("children", children(full: full)), ("allocations", 24), ("series_points", 50)],
                    cpus: cpus, estimatedSeconds: full ? 0.6 : 0.06)]
    }

    func build(_ runs: SectionRuns, full: Bool) -> SectionOutcome {
        var o = outcome()
        let errorRow = "parent's error once every child is freed"
        let bound = References.driftBound(cpus: cpus)
        guard let table = runs.table("\(FigureFormat.grouped(Double(children(full: full)))) children, one after another, on \(cpus) CPUs", "drift", rows: [
            FigureRow("children created and freed", unit: .count, source: "children", values: runs.values("drift", "children")),
            FigureRow(errorRow, unit: .pages, source: "parent_error_pages", values: runs.values("drift", "parent_error_pages"), reference: bound.id),
            FigureRow("largest error after any child", unit: .pages, source: "max_error_pages_during", values: runs.values("drift", "max_error_pages_during")),
            FigureRow("the design's own bound (batch x CPUs)", unit: .pages, source: "error_bound_pages", values: runs.values("drift", "error_bound_pages")),
            FigureRow("cgroups folded by rstat flushes", unit: .count, source: "flush_cgroups_visited", values: runs.values("drift", "flush_cgroups_visited")),
        ]) else { return o }
        o.tables.append(table)
        for design in table.designs {
            guard let value = runs.run("drift", design)?["parent_error_pages"] else { continue }
            let knob = runs.run("drift", design)?.knobs.first(where: { $0.name == "vmstat" })?.value ?? "?"
            let why = knob == "thresholdSpillDoubleFlush"
                ? "This is the bug the thread fixes: the offline flush did not zero the per-CPU values, so each was counted again at release, and the error grows with every child (\(FigureFormat.text(value / Double(children(full: full)), .pages)) a child here)."
                : nil
            o.comparisons.append(bound.compare(design: "\(design) (\(knob))", row: errorRow, value: value, why: why)!)
        }
        if runs.designs("drift").contains("v6.12") {
            o.notes.append("v6.12 and next charge in batches of 64 pages, so their own bound is 64 x CPUs; rstat keeps them exact once flushed.")
        }
        o.charts.append(Chart(
            id: "drift", title: "A parent's memory.stat error as children come and go (\(cpus) CPUs)",
            x: .init("children created and freed", unit: .count), y: .init("parent's error", unit: .pages),
            series: table.designs.map { Chart.Series($0, points: runs.series("drift", $0, prefix: "series_error_pages_")) }
                + [Chart.Series("reference bound: 32 x \(cpus) CPUs", points: [(0, bound.value), (Double(children(full: full)), bound.value)], isReference: true)]))
        return o
    }
}
