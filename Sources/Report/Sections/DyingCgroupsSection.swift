/// Dying cgroups: short-lived jobs leave pages behind that pin their
/// cgroups after rmdir. Three workloads: the cgroup-churn jobs that leave a
/// charge nothing reclaims (memcg ID exhaustion), the 2026 series'
/// reproducer (dying-cgroups: page cache, then memory.reclaim, then global
/// pressure), and cron-like jobs over a week (long-running-host) beside the
/// 2019 slab-reparenting series' day-by-day table.
struct DyingCgroupsSection: ReportSection {
    let id = "dying"
    let seeds = ["003", "dying"]
    let title = "dying cgroups: what short-lived jobs leave behind"
    let question = "How many dying cgroups pile up when jobs leave page cache and dentries behind, what do they hold, what frees them, and when do memcg IDs run out?"
    var designs: [String] { ["v3.18", "v5.4", "v5.9", "v6.12", "next"] }

    var references: [Reference] { [References.dyingOriginal, References.dyingPatched, References.dyingMemory] }

    /// The 2019 series' day-by-day averages (days 0-7), without and with
    /// slab reparenting: the published reference the host chart shows
    /// dashed beside the model's series.
    static let publishedBefore: [Double] = [56, 362, 628, 752, 1_070, 1_250, 1_490, 1_560]
    static let publishedAfter: [Double] = [23, 46, 51, 55, 60, 57, 67, 69]

    var notModelled: [String] {
        [
            "seed 003's offline of LRU pages and the pages isolated meanwhile (\"AWOL\" pages) are compared in `memcg scenario compare lru-offline` (knob offlinePages); the churn jobs' leftover pages are charges without page records, which no design moves, while the reproducer's and the host's are page cache that `next` splices to the parent at offline",
            "the 2019 hosts' jobs, their files and their memory pressure are not the model's: the host table is held beside the published one for its shape, not compared figure by figure",
            "dentries and inodes shared between jobs (a file one job creates and another keeps open) are not modelled: the model's jobs' dentries are reclaimed with the parent's list_lru once their cgroup is gone",
        ]
    }

    func jobs(full: Bool) -> Int { full ? 500_000 : 100_000 }

    /// Jobs every 5 minutes on the host. Before 5.3 (v4.11) a dying
    /// memcg's slab caches stay with it and the jobs' dentries pin it; from
    /// 5.3 (v5.4) the caches go to the parent at offline, the change the
    /// 2019 series measured; objcg (v6.12) and the LRU splice (next)
    /// follow. Memory fills on day 1 with 10 jobs a batch, so that is the
    /// fewest that shows the designs apart; the full report runs the
    /// README's 50 (v4.11 then takes about 50 s, 7 s from v5.4 on).
    func hostJobsPerInterval(full: Bool) -> Int { full ? 50 : 10 }
    var hostDesigns: [String] { ["v4.11", "v5.4", "v6.12", "next"] }

    func experiments(full: Bool) -> [Experiment] {
        [Experiment("churn", scenario: "cgroup-churn", designs: designs,
                    params: [("cgroups", jobs(full: full)), ("pages", 16), ("leftover_pages", 1), ("series_points", 40)],
                    estimatedSeconds: full ? 7 : 1.3),
         Experiment("reproducer", scenario: "dying-cgroups", designs: designs,
                    params: [("cycles", 2_000)], estimatedSeconds: 1),
         Experiment("host", scenario: "long-running-host", designs: hostDesigns,
                    params: [("days", 7), ("jobs_per_interval", hostJobsPerInterval(full: full))],
                    estimatedSeconds: full ? 7.5 : 3.1, slower: ["v4.11": full ? 50 : 16.6])]
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
            o.notes.append("Every churn job leaves a charge nothing reclaims, so its cgroup stays dying: \(FigureFormat.grouped(dying)) under \(design) after \(FigureFormat.duration(r["virtual_seconds"] ?? 0)) of virtual time.")
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
        buildReproducer(runs, &o)
        buildHost(runs, full: full, &o)
        return o
    }
}

extension DyingCgroupsSection {
    private func buildReproducer(_ runs: SectionRuns, _ o: inout SectionOutcome) {
        func row(_ label: String, _ unit: FigureUnit, _ metric: String) -> FigureRow {
            FigureRow(label, unit: unit, source: metric, values: runs.values("reproducer", metric))
        }
        guard let table = runs.table("the series' reproducer: 2,000 x (mkdir, write 4 KiB, exit, rmdir), then memory.reclaim of the parent, then global pressure", "reproducer", rows: [
            row("dying cgroups after the cycles", .count, "nr_dying_descendants_cycles"),
            row("memory they hold (pages, structures, per-CPU)", .bytes, "dying_held_bytes_cycles"),
            row("memcg IDs in use", .count, "memcg_ids_in_use_cycles"),
            row("memory.reclaim answers EAGAIN", .count, "reclaim_eagain"),
            row("dying cgroups after memory.reclaim", .count, "nr_dying_descendants_reclaim"),
            row("dying cgroups after global pressure", .count, "nr_dying_descendants_pressure"),
            row("memory they hold after pressure", .bytes, "dying_held_bytes_pressure"),
        ]) else { return }
        o.tables.append(table)
        for design in table.designs {
            guard let r = runs.run("reproducer", design), let dying = r["nr_dying_descendants_cycles"] else { continue }
            o.notes.append("\(design): \(FigureFormat.grouped(dying)) of 2,000 cycles left a dying cgroup; \(FigureFormat.grouped(r["nr_dying_descendants_reclaim"] ?? 0)) were left after memory.reclaim of the parent and \(FigureFormat.grouped(r["nr_dying_descendants_pressure"] ?? 0)) after global pressure.")
        }
    }

    private func buildHost(_ runs: SectionRuns, full: Bool, _ o: inout SectionOutcome) {
        var rows: [FigureRow] = []
        for day in 0...7 {
            rows.append(FigureRow("day \(day): dying cgroups", unit: .count, source: "day_dying_cgroups_\(day)",
                                  values: runs.values("host", "day_dying_cgroups_\(day)")))
        }
        rows.append(FigureRow("day 7: memory they hold", unit: .bytes, source: "day_dying_held_bytes_7", values: runs.values("host", "day_dying_held_bytes_7")))
        rows.append(FigureRow("jobs started", unit: .count, source: "jobs_started", values: runs.values("host", "jobs_started")))
        let perInterval = hostJobsPerInterval(full: full)
        guard let table = runs.table("a week of cron-like jobs (\(perInterval) every 5 minutes, 16 CPUs, light pressure), dying cgroups at the end of each day", "host", rows: rows) else { return }
        o.tables.append(table)
        o.notes.append("Published reference (Roman Gushchin, 2019, web front-ends; not the model's hosts or jobs, held beside for the shape): average dying memcgs on days 0-7 \(Self.publishedBefore.map { FigureFormat.grouped($0) }.joined(separator: ", ")) without slab reparenting and \(Self.publishedAfter.map { FigureFormat.grouped($0) }.joined(separator: ", ")) with it.")
        var series = table.designs.map { design in
            Chart.Series(design, points: runs.series("host", design, prefix: "day_dying_cgroups_"))
        }
        series.append(Chart.Series("published 2019, before slab reparenting (reference)",
                                   points: Self.publishedBefore.enumerated().map { (x: Double($0.offset), y: $0.element) }, isReference: true))
        series.append(Chart.Series("published 2019, with slab reparenting (reference)",
                                   points: Self.publishedAfter.enumerated().map { (x: Double($0.offset), y: $0.element) }, isReference: true))
        o.charts.append(Chart(id: "dying-host-days", title: "Dying cgroups day by day on a host running cron-like jobs",
                              x: .init("day", unit: .count), y: .init("dying cgroups", unit: .count), series: series))
        o.charts.append(Chart(id: "dying-host-memory", title: "Memory held by dying cgroups day by day",
                              x: .init("day", unit: .count), y: .init("memory held", unit: .bytes),
                              series: table.designs.map { Chart.Series($0, points: runs.series("host", $0, prefix: "day_dying_held_bytes_")) }))
    }
}
