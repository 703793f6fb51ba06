import Memcg

/// Seed 002: list_lru lists for every memcg cache ID on every node of every
/// memcg-aware list_lru (up to 5.17), against lists allocated when a memcg
/// first puts an object on a list_lru (5.18).
struct ListLRUSection: ReportSection {
    let id = "002"
    let seeds = ["002"]
    let title = "list_lru: a list for every memcg ID, or only where objects are"
    let question = "How much kmalloc-32 do memcg-aware list_lrus take on a host with tens of thousands of memcg IDs and thousands of superblocks, eager and lazy?"
    let designs = ["v5.13", "v5.18", "v6.12", "next"]
    let eager = "v5.13"

    var references: [Reference] {
        [References.listLRUThreadHost, References.listLRUSeriesBefore, References.listLRUSeriesAfter, References.listLRUSeriesSaving]
    }

    static let seriesMounts = 10_000

    /// `memcg_nr_cache_ids` of the designs that have it. From 5.18 the
    /// kmemcg ID is the memcg ID and there is no such array, so those
    /// designs have no value (n/a in the table, null in JSON) rather than
    /// the scenario's 0.
    static func cacheIDArraySizes(_ values: [String: Double]) -> [String: Double] {
        values.filter { design, _ in (try? Preset.named(design))?.design.kmemcgIDSource != .memcgID }
    }

    func experiments(full: Bool) -> [Experiment] {
        [
            Experiment("host", scenario: "list-lru-overhead", designs: designs,
                       params: [("memcgs", 24_574), ("superblocks", 952), ("used_superblocks", 2), ("series_points", 24)],
                       cpus: 8, nodes: 4, estimatedSeconds: 1.2, slower: [eager: 11]),
            Experiment("series-test", scenario: "list-lru-overhead", designs: designs,
                       params: [("memcgs", 10_000), ("superblocks", full ? Self.seriesMounts : 1_000), ("used_superblocks", 2)],
                       cpus: 8, nodes: 2, estimatedSeconds: full ? 1.5 : 0.4, slower: [eager: full ? 45 : 4.5]),
        ]
    }

    func build(_ runs: SectionRuns, full: Bool) -> SectionOutcome {
        var o = outcome()
        let kmalloc = "kmalloc-32 in use"
        if let table = runs.table("The thread's host: 24,574 memcg IDs x 952 superblocks x 4 nodes", "host", rows: [
            FigureRow("memcg cache IDs (array size)", unit: .count, source: "memcg_nr_cache_ids", values: Self.cacheIDArraySizes(runs.values("host", "memcg_nr_cache_ids"))),
            FigureRow("list_lru lists allocated", unit: .count, source: "list_lru_lists", values: runs.values("host", "list_lru_lists")),
            FigureRow(kmalloc, unit: .bytes, source: "kmalloc32_bytes", values: runs.values("host", "kmalloc32_bytes"), reference: "002-host"),
            FigureRow("list_lru metadata, all of it", unit: .bytes, source: "list_lru_bytes", values: runs.values("host", "list_lru_bytes")),
            FigureRow("metadata per list holding an object", unit: .bytes, source: "bytes_per_used_list", values: runs.values("host", "bytes_per_used_list")),
        ]) {
            o.tables.append(table)
            let ref = References.listLRUThreadHost
            for design in table.designs {
                let value = runs.run("host", design)?["kmalloc32_bytes"]
                if design == eager {
                    o.comparisons.append(ref.compare(design: design, row: kmalloc, value: value)!)
                } else if let value {
                    o.notes.append("\(design) (lazy lists) holds \(FigureFormat.text(value, .bytes)) of kmalloc-32 for list_lru on the same host; its lists come from their own cache, \(FigureFormat.text(runs.run("host", design)?["list_lru_bytes"], .bytes)) of metadata in all.")
                }
            }
            o.charts.append(Chart(
                id: "list-lru-bytes", title: "list_lru metadata as memcgs are created (952 superblocks, 4 nodes)",
                x: .init("memcgs created", unit: .count), y: .init("list_lru metadata", unit: .bytes, logarithmic: true),
                series: table.designs.map { Chart.Series($0, points: runs.series("host", $0, prefix: "series_list_lru_bytes_")) }
                    + [Chart.Series("reference: ~5.6 GB at 24,574 IDs (eager)", points: [(24_574, ref.value)], isReference: true)]))
        }

        let mounts = runs.run("series-test", runs.designs("series-test").first ?? "")?.params.first(where: { $0.name == "superblocks" })?.value ?? 0
        let saved = "list_lru metadata saved vs \(eager)"
        var savedValues: [String: Double] = [:]
        if let eagerBytes = runs.run("series-test", eager)?["list_lru_bytes"] {
            for design in runs.designs("series-test") where design != eager {
                if let bytes = runs.run("series-test", design)?["list_lru_bytes"] { savedValues[design] = eagerBytes - bytes }
            }
        }
        if let table = runs.table("The series' test: 10,000 memcgs, \(FigureFormat.grouped(Double(mounts))) mounts, 2 nodes", "series-test", rows: [
            FigureRow("list_lru lists allocated", unit: .count, source: "list_lru_lists", values: runs.values("series-test", "list_lru_lists")),
            FigureRow("list_lru metadata", unit: .bytes, source: "list_lru_bytes", values: runs.values("series-test", "list_lru_bytes")),
            FigureRow(saved, unit: .bytes, source: "list_lru_bytes(\(eager)) - list_lru_bytes", values: savedValues, reference: "002-saved"),
        ]) {
            o.tables.append(table)
            let ref = References.listLRUSeriesSaving
            for design in table.designs where design != eager {
                guard let value = savedValues[design] else { continue }
                if mounts == Self.seriesMounts {
                    o.comparisons.append(ref.compare(design: design, row: saved, value: value,
                        why: "The reference is whole-system memory from free(1), the model counts list_lru metadata only.")!)
                } else {
                    o.comparisons.append(Comparison(
                        referenceID: ref.id, design: design, row: saved, model: value, agrees: nil,
                        sentence: "\(design): \(saved) is \(FigureFormat.text(value, .bytes)) at \(FigureFormat.grouped(Double(mounts))) mounts; the series measured \(ref.stated) at 10,000 mounts, so the two are not compared at this scale (memcg report --full runs 10,000)."))
                }
            }
        }
        return o
    }
}
