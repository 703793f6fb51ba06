/// Dying cgroups: short-lived jobs leave pages behind that pin their
/// cgroups after rmdir. What the model has today is the cgroup-churn
/// workload; the page-level sections of seed 003 need page LRUs.
struct DyingCgroupsSection: ReportSection {
    let id = "dying"
    let seeds = ["003", "dying"]
    let title = "dying cgroups: what short-lived jobs leave behind"
    let question = "How many dying cgroups pile up when each job leaves a page behind, what do they pin, and when do memcg IDs run out?"
    var designs: [String] { ["v3.18", "v5.9", "v6.12", "next"] }

    var references: [Reference] { [References.dyingOriginal, References.dyingPatched, References.dyingMemory] }

    var notModelled: [String] {
        [
            "seed 003: LRU pages, their reparenting at offline and the pages isolated from the LRU meanwhile (\"AWOL\" pages) are modelled in `memcg scenario compare lru-offline` (knob offlinePages), not in this section; the leftover pages here are charges without page records, which no design moves",
            "dying cgroups over days against the 2019 slab-reparenting series' table (see its references): needs page cache, reclaim and objects shared between cgroups, not modelled yet, so the table is shown but not compared",
            "objcg-based page reparenting (next) moves pages with records, not the record-less charges this workload leaves, so next behaves as v6.12 here",
        ]
    }

    func jobs(full: Bool) -> Int { full ? 500_000 : 100_000 }

    func experiments(full: Bool) -> [Experiment] {
        [Experiment("churn", scenario: "cgroup-churn", designs: designs,
                    params: [("cgroups", jobs(full: full)), ("pages", 16), ("leftover_pages", 1), ("series_points", 40)],
                    estimatedSeconds: full ? 7 : 1.3)]
    }

    func build(_ runs: SectionRuns, full: Bool) -> SectionOutcome {
        var o = outcome()
        guard let table = runs.table("\(FigureFormat.grouped(Double(jobs(full: full)))) jobs, each leaving 1 page charged", "churn", rows: [
            FigureRow("jobs started", unit: .count, source: "jobs_started", values: runs.values("churn", "jobs_started")),
            FigureRow("mkdir failed with ENOSPC", unit: .count, source: "mkdir_enospc", values: runs.values("churn", "mkdir_enospc")),
            FigureRow("dying cgroups at the end", unit: .count, source: "dying_cgroups", values: runs.values("churn", "dying_cgroups")),
            FigureRow("memcg IDs in use", unit: .count, source: "memcg_ids_in_use", values: runs.values("churn", "memcg_ids_in_use")),
            FigureRow("memory.current of the parent", unit: .bytes, source: "jobs_current_bytes", values: runs.values("churn", "jobs_current_bytes")),
            FigureRow("  of which dying children's per-CPU areas", unit: .bytes, source: "jobs_percpu_bytes", values: runs.values("churn", "jobs_percpu_bytes")),
            FigureRow("  of which kernel memory", unit: .bytes, source: "jobs_kernel_bytes", values: runs.values("churn", "jobs_kernel_bytes")),
        ]) else { return o }
        o.tables.append(table)
        if let design = table.designs.last, let r = runs.run("churn", design), let dying = r["dying_cgroups"] {
            o.notes.append("Every job here leaves a page nothing reclaims, so its cgroup stays dying: \(FigureFormat.grouped(dying)) under \(design) after \(FigureFormat.duration(r["virtual_seconds"] ?? 0)) of virtual time. The 2019 hosts reclaimed most of theirs and averaged \(FigureFormat.grouped(References.dyingOriginal.value)) dying cgroups after 7 days without slab reparenting and \(FigureFormat.grouped(References.dyingPatched.value)) with it; the two are not compared until page cache and reclaim are modelled.")
        }
        for design in table.designs {
            guard let r = runs.run("churn", design), let enospc = r["mkdir_enospc"], enospc > 0 else { continue }
            o.notes.append("\(design): dying cgroups keep their memcg IDs, so after \(FigureFormat.grouped(r["jobs_started"] ?? 0)) jobs every mkdir failed with ENOSPC (\(FigureFormat.grouped(enospc)) jobs could not start).")
        }
        func series(_ metric: String) -> [Chart.Series] {
            table.designs.map { design in
                let times = runs.series("churn", design, prefix: "series_virtual_seconds_")
                let values = runs.series("churn", design, prefix: metric)
                return Chart.Series(design, points: zip(times, values).map { (x: $0.y, y: $1.y) })
            }
        }
        o.charts.append(Chart(id: "dying-cgroups", title: "Dying cgroups as short-lived jobs come and go",
                              x: .init("virtual time", unit: .seconds), y: .init("dying cgroups", unit: .count),
                              series: series("series_dying_cgroups_")))
        o.charts.append(Chart(id: "dying-memory", title: "Memory charged to the jobs' parent as dying cgroups pile up",
                              x: .init("virtual time", unit: .seconds), y: .init("memory.current of the parent", unit: .bytes),
                              series: series("series_jobs_current_bytes_")))
        return o
    }
}
