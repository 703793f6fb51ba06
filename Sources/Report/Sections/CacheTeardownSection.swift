import KernelSim
/// Seeds 000 and 001: hundreds of thousands of per-memcg caches torn down
/// with a grace period per memcg under cgroup_mutex, walks of slab_caches
/// and destruction at css_free (4.10), against
/// the deferred, batched teardown with per-memcg and root lists (4.11).
struct CacheTeardownSection: ReportSection {
    let id = "000/001"
    let seeds = ["000", "001"]
    let title = "per-memcg slab caches: synchronous or deferred teardown"
    let question = "How long does destroying hundreds of thousands of per-memcg caches take, how does it grow with their number, and what does it cost in kworkers, sysfs entries and /proc/slabinfo accuracy?"
    let legacy = "v4.10"
    let fixed = "v4.11"
    var designs: [String] { [legacy, fixed, "v6.12", "next"] }
    let caches = 8

    var references: [Reference] {
        [References.teardownHalfADay, References.teardownQuadratic, References.teardownLinear]
    }

    var notModelled: [String] {
        ["kernfs nodes: the model counts /sys/kernel/slab directories, not the files in them (the thread saw \"many millions of kernfs_nodes\")"]
    }

    func cgroups(full: Bool) -> Int { full ? 40_000 : 10_000 }
    func largestN(full: Bool) -> Int { full ? 32_000 : 8_000 }

    func experiments(full: Bool) -> [Experiment] {
        let scale = Double(cgroups(full: full)) / 10_000
        return [
            Experiment("teardown", scenario: "cache-teardown", designs: designs,
                       params: [("cgroups", cgroups(full: full)), ("caches", caches), ("slabinfo_passes", 2)],
                       estimatedSeconds: 2 * scale, slower: [legacy: 4.5 * scale * scale]),
            Experiment("scaling", scenario: "cache-teardown-scaling", designs: designs,
                       params: [("from", 1_000), ("to", largestN(full: full)), ("caches", caches), ("repeats", 1), ("sample_ms", 0)],
                       estimatedSeconds: full ? 8 : 2, slower: [legacy: full ? 45 : 4]),
        ]
    }

    func build(_ runs: SectionRuns, full: Bool) -> SectionOutcome {
        var o = outcome()
        let n = cgroups(full: full)
        let teardown = "teardown, first rmdir to last cache destroyed (virtual)"
        if let table = runs.table("\(FigureFormat.grouped(Double(n))) cgroups x \(caches) caches = \(FigureFormat.grouped(Double(n * caches))) per-memcg caches", "teardown", rows: [
            FigureRow("child caches destroyed", unit: .count, source: "child_caches_destroyed", values: runs.values("teardown", "child_caches_destroyed")),
            FigureRow(teardown, unit: .seconds, source: "teardown_virtual_seconds", values: runs.values("teardown", "teardown_virtual_seconds"), reference: "001-halfday"),
            FigureRow("cgroup_mutex held, in all (virtual)", unit: .seconds, source: "cgroup_mutex_hold_seconds", values: runs.values("teardown", "cgroup_mutex_hold_seconds")),
            FigureRow("cgroup_mutex longest hold", unit: .milliseconds, source: "cgroup_mutex_max_hold_ms", values: runs.values("teardown", "cgroup_mutex_max_hold_ms")),
            FigureRow("synchronous grace-period waits", unit: .count, source: "synchronous_rcu_waits", values: runs.values("teardown", "synchronous_rcu_waits")),
            FigureRow("kworkers needed at once", unit: .count, source: "peak_workers", values: runs.values("teardown", "peak_workers")),
            FigureRow("sysfs cache directories at once", unit: .count, source: "peak_sysfs_entries", values: runs.values("teardown", "peak_sysfs_entries")),
            FigureRow("cache-list nodes walked", unit: .count, source: "list_nodes_visited", values: runs.values("teardown", "list_nodes_visited")),
            FigureRow("slabinfo entries missing", unit: .count, source: "slabinfo_missing", values: runs.values("teardown", "slabinfo_missing")),
            FigureRow("slabinfo entries printed twice", unit: .count, source: "slabinfo_duplicates", values: runs.values("teardown", "slabinfo_duplicates")),
        ]) {
            o.tables.append(table)
            let caches = Double(n * self.caches)
            if let legacyTime = runs.run("teardown", legacy)?["teardown_virtual_seconds"] {
                var why = "The model's \(FigureFormat.grouped(caches)) caches are at the low end of the thread's \"hundreds of thousands\". Its teardown time is mostly one synchronous grace period per memcg under cgroup_mutex (4.10's batching by 89e364db71fb; up to 4.9 it was one per cache) at the cost model's \(CostModel().gracePeriod)"
                if let scaling = runs.run("scaling", legacy), let slope = scaling["teardown_virtual_exponent"] {
                    why += " and grows with exponent \(FigureFormat.text(slope, .exponent)), while the walks of slab_caches (twice at each offline, once at each css_free) grow as N^2 at \(CostModel().cacheListNodeVisit) a cache visited (a DRAM miss)"
                    if let crossover = scaling["crossover_caches"] {
                        why += " and take over from the waits only past about \(FigureFormat.grouped(crossover)) caches (where the power laws fitted to the two meet)"
                    }
                }
                why += "; a loaded host's longer grace periods and its millions of kernfs nodes add time the model does not have."
                o.comparisons.append(References.teardownHalfADay.compare(design: legacy, row: teardown, value: legacyTime, why: why)!)
                o.notes.append("\(legacy) takes \(FigureFormat.duration(legacyTime)) of virtual time to destroy \(FigureFormat.grouped(caches)) caches" +
                    (runs.run("teardown", fixed)?["teardown_virtual_seconds"].map { "; \(fixed) takes \(FigureFormat.duration($0))." } ?? "."))
            }
            for design in table.designs {
                guard let r = runs.run("teardown", design) else { continue }
                let missing = r["slabinfo_missing"] ?? 0, twice = r["slabinfo_duplicates"] ?? 0
                o.notes.append("\(design): a /proc/slabinfo reader during the teardown missed \(FigureFormat.grouped(missing)) and repeated \(FigureFormat.grouped(twice)) entries over \(FigureFormat.grouped(r["slabinfo_passes"] ?? 0)) passes (the thread: \"a lot of missing and/or duplicate entries\").")
            }
        }

        let exponentRow = "growth exponent of cache-list walks"
        if let table = runs.table("Teardown as the number of caches doubles: N = 1,000 ... \(FigureFormat.grouped(Double(largestN(full: full)))) cgroups x \(caches) caches", "scaling", rows: [
            FigureRow(exponentRow, unit: .exponent, source: "list_walk_exponent", values: runs.values("scaling", "list_walk_exponent"), reference: "001-quadratic"),
            FigureRow("growth exponent of virtual teardown time", unit: .exponent, source: "teardown_virtual_exponent", values: runs.values("scaling", "teardown_virtual_exponent")),
        ]) {
            o.tables.append(table)
            if let v = runs.run("scaling", legacy)?["list_walk_exponent"] {
                o.comparisons.append(References.teardownQuadratic.compare(design: legacy, row: exponentRow, value: v)!)
            }
            if let v = runs.run("scaling", fixed)?["list_walk_exponent"] {
                o.comparisons.append(References.teardownLinear.compare(design: fixed, row: exponentRow, value: v)!)
            }
            func points(_ design: String, _ prefix: String) -> [(x: Double, y: Double)] {
                runs.series("scaling", design, prefix: prefix).map { (x: $0.x * Double(caches), y: $0.y) }
            }
            func chart(_ id: String, _ title: String, _ y: Chart.Axis, slope: String, prefix: String) -> Chart {
                Chart(id: id, title: title, x: .init("per-memcg caches", unit: .count, logarithmic: true), y: y,
                      series: table.designs.map { d in
                          Chart.Series("\(d), slope \(FigureFormat.text(runs.run("scaling", d)?[slope], .exponent))",
                                       points: points(d, prefix))
                      })
            }
            o.charts.append(chart("teardown-time", "Time to tear down N per-memcg caches (virtual time, log-log)",
                                  .init("teardown time", unit: .seconds, logarithmic: true),
                                  slope: "teardown_virtual_exponent", prefix: "teardown_virtual_seconds_"))
            o.charts.append(chart("teardown-walks", "Cache-list nodes walked to tear down N per-memcg caches (log-log)",
                                  .init("list nodes walked", unit: .count, logarithmic: true),
                                  slope: "list_walk_exponent", prefix: "list_nodes_visited_"))
        }
        return o
    }
}
