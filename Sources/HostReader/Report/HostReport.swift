public import Foundation
import Memcg

/// The `memcg host` report: the analysis of a reading, the replay outcomes
/// if any, and the diagnostics, as text for people or JSON for machines.
/// Every line says whether its figure was read from the host or modelled.
public struct HostReport {
    public let analysis: HostAnalysis
    public let plan: ReplayPlan?
    public let replay: [HostReplay.Outcome]
    public let diagnostics: HostDiagnostics
    /// Host wall time of the read and analysis (`wall_*` in JSON).
    public let wallReadSeconds: Double?

    public init(analysis: HostAnalysis, plan: ReplayPlan? = nil, replay: [HostReplay.Outcome] = [],
                diagnostics: HostDiagnostics, wallReadSeconds: Double? = nil) {
        self.analysis = analysis
        self.plan = plan
        self.replay = replay
        self.diagnostics = diagnostics
        self.wallReadSeconds = wallReadSeconds
    }

    // MARK: Text

    public var text: String {
        let r = analysis.read, m = analysis.modelled
        var out: [String] = []
        out.append("Read from the host")
        out.append("  kernel            \(r.kernelRelease ?? "unknown")")
        out.append("  hierarchy         \(r.hierarchy.map { "cgroup \($0.rawValue)" } ?? "not found")\(r.mountPoint.map { " at \($0)" } ?? "")")
        out.append("  CPUs, nodes       \(r.possibleCPUs.map(String.init) ?? "?") possible CPUs, \(r.possibleNodes.map(String.init) ?? "?") possible nodes")
        out.append("  memory cgroups    \(Self.count(r.liveMemcgs)) live (directories, the root among them)")
        if r.directoriesWithoutMemory > 0 {
            out.append("                    \(Self.count(r.directoriesWithoutMemory)) more cgroup directories without the memory controller (not memcgs)")
        }
        if let dying = r.dyingMemcgs {
            out.append("                    \(Self.count(Int(dying))) dying: \(r.dyingSource)")
        } else {
            out.append("                    dying: unknown (neither cgroup.stat nor /proc/cgroups gave a count)")
        }
        if let proc = r.procCgroupsMemory { out.append("  /proc/cgroups     memory num_cgroups \(Self.count(Int(proc)))") }
        for (key, bytes) in r.meminfo { out.append("  /proc/meminfo     \(key.padding(10)) \(Self.bytes(bytes))") }
        if !r.dyingParents.isEmpty {
            out.append("  dying cgroups directly below:")
            for entry in r.dyingParents { out.append("    \(Self.count(Int(entry.dying)).padLeft(8))  \(entry.path)") }
        }
        for kind in HostMemoryKind.allCases {
            let ranked = r.largest[kind] ?? []
            let source = kind == .kernel && r.hierarchy == .v1 ? "memory.kmem.usage_in_bytes" : "memory.stat \(Self.statKey(kind, r.hierarchy))"
            if ranked.isEmpty {
                out.append("  largest by \(kind.rawValue.padding(6)) none reported (\(kind == .slab && r.hierarchy == .v1 ? "v1 memory.stat has no slab line" : source))")
                continue
            }
            out.append("  largest by \(kind.rawValue.padding(6)) (\(source), with descendants)")
            for entry in ranked { out.append("    \(Self.bytes(entry.bytes).padLeft(10))  \(entry.path)") }
        }
        if let caches = r.largestCaches {
            out.append("  largest slab caches (/proc/slabinfo, slabs x pages x 4 KiB)")
            for cache in caches { out.append("    \(Self.bytes(cache.slabBytes).padLeft(10))  \(cache.name) (\(Self.count(Int(cache.activeObjects))) of \(Self.count(Int(cache.objects))) objects of \(cache.objectSize) B)") }
        } else {
            out.append("  slab caches       /proc/slabinfo not read (see the notes)")
        }
        out.append("")
        out.append("Modelled (the model's sizes and designs applied to what was read)")
        out.append("  design            \(m.preset): \(m.presetReason)")
        out.append("  one memcg         \(Self.bytes(Int64(m.perMemcgSlabBytes))) slab (struct mem_cgroup + \(m.nodes) per-node) + \(Self.bytes(Int64(m.perMemcgPercpuBytes))) per-CPU for \(m.cpus) CPUs")
        if let slab = m.dyingSlabBytes, let percpu = m.dyingPercpuBytes {
            out.append("  dying hold        \(Self.bytes(slab.adding(saturating: percpu))) in their own structures (\(Self.bytes(slab)) slab, \(Self.bytes(percpu)) per-CPU)")
        }
        out.append("  memcg IDs         \(Self.count(Int(m.memcgIDsInUse))) in use, headroom \(Self.count(Int(m.memcgIDHeadroom))) to \(Self.count(MemoryController.memcgIDMax)) (\(m.idNote))")
        if let plan {
            out.append("")
            out.append("Replay (modelled: the host's tree rebuilt in the model under each design)")
            let dyingTotal = plan.dying.reduce(0) { $0 + $1.count }
            out.append("  built             \(Self.count(plan.live.count)) live cgroups, \(Self.count(dyingTotal)) dying in \(plan.dying.count) parent(s)")
            for o in replay where o.liveNotCreated > 0 {
                out.append("  \(o.design): \(Self.count(o.liveNotCreated)) live cgroups could not be created (memcg IDs run out at \(Self.count(MemoryController.memcgIDMax))), nor \(Self.count(o.dyingSkipped)) dying cgroups below them")
            }
            out.append("  design    dying after: offline   reclaim  pressure  charged after: offline (kernel)    reclaim   pressure  memcg IDs  ENOSPC")
            for o in replay {
                let dying = [o.dyingAfterOffline, o.dyingAfterReclaim, o.dyingAfterPressure].map { Self.count($0).padLeft(8) }
                let charged = [o.chargedAfterOffline, o.chargedAfterReclaim, o.chargedAfterPressure].map { Self.bytes($0).padLeft(10) }
                out.append("  " + o.design.padding(8) + "  " + dying[0].padLeft(20) + "  " + dying[1] + "  " + dying[2] + "  "
                           + charged[0].padLeft(22) + " " + ("(" + Self.bytes(o.kernelChargedAfterOffline) + ")").padLeft(11) + " "
                           + charged[1] + " " + charged[2] + "  "
                           + Self.count(o.memcgIDsAfterOffline).padLeft(9) + "  " + Self.count(o.mkdirENOSPC).padLeft(6))
            }
            out.append("  dying: cgroups removed but not freed; charged: what the live tree is charged for them (page cache,")
            out.append("  slab, and their own structures where the design charges those to the parent), (kernel) without the")
            out.append("  page cache; memcg IDs: held after offline; ENOSPC: mkdirs of dying cgroups refused for want of an ID")
        }
        out.append("")
        out.append("Assumptions")
        for line in analysis.assumptions + (plan?.assumptions ?? []) { out.append("  - \(line)") }
        if !diagnostics.isEmpty {
            out.append("")
            out.append("Notes and warnings (\(diagnostics.total))")
            for line in diagnostics.lines { out.append("  \(line)") }
        }
        if let wallReadSeconds { out.append(""); out.append(String(format: "wall_read_seconds %.3f", wallReadSeconds)) }
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    /// One JSON object; keys sorted, so the same inputs give the same bytes
    /// (the `wall_*` figures aside).
    public func json() -> String {
        let r = analysis.read, m = analysis.modelled
        var read: [String: Any] = [
            "kernel_release": r.kernelRelease ?? NSNull(),
            "hierarchy": r.hierarchy?.rawValue ?? NSNull(),
            "mount_point": r.mountPoint ?? NSNull(),
            "live_memcgs": r.liveMemcgs,
            "directories_without_memory": r.directoriesWithoutMemory,
            "dying_memcgs": r.dyingMemcgs ?? NSNull(),
            "dying_source": r.dyingSource,
            "proc_cgroups_memory": r.procCgroupsMemory ?? NSNull(),
            "possible_cpus": r.possibleCPUs ?? NSNull(),
            "possible_nodes": r.possibleNodes ?? NSNull(),
            "meminfo_bytes": Dictionary(r.meminfo.map { ($0.key, $0.bytes) }, uniquingKeysWith: { a, _ in a }),
            "dying_parents": r.dyingParents.map { ["path": $0.path, "dying": $0.dying] },
        ]
        var largest: [String: Any] = [:]
        for kind in HostMemoryKind.allCases {
            largest[kind.rawValue] = (r.largest[kind] ?? []).map { ["path": $0.path, "bytes": $0.bytes] }
        }
        read["largest"] = largest
        read["largest_slab_caches"] = r.largestCaches.map { caches in
            caches.map { ["name": $0.name, "slab_bytes": $0.slabBytes, "active_objects": $0.activeObjects, "objects": $0.objects, "object_size": $0.objectSize] }
        } ?? NSNull()
        let modelled: [String: Any] = [
            "preset": m.preset, "preset_reason": m.presetReason, "cpus": m.cpus, "nodes": m.nodes,
            "memcg_slab_bytes": m.perMemcgSlabBytes, "memcg_percpu_bytes": m.perMemcgPercpuBytes,
            "dying_slab_bytes": m.dyingSlabBytes ?? NSNull(), "dying_percpu_bytes": m.dyingPercpuBytes ?? NSNull(),
            "memcg_ids_in_use": m.memcgIDsInUse, "memcg_id_headroom": m.memcgIDHeadroom, "memcg_id_note": m.idNote,
        ]
        var object: [String: Any] = [
            "read": read, "modelled": modelled,
            "assumptions": analysis.assumptions + (plan?.assumptions ?? []),
            "diagnostics": diagnostics.entries.map { entry -> [String: Any] in
                ["severity": entry.first.severity.rawValue, "file": entry.first.file, "line": entry.first.line ?? NSNull(),
                 "message": entry.first.message, "count": entry.count]
            },
        ]
        if let plan {
            object["replay"] = [
                "live_cgroups": plan.live.count,
                "dying_requested": plan.dying.reduce(0) { $0 + $1.count },
                "live_slab_bytes_per_object": plan.liveSlabBytesPerObject,
                "designs": replay.map { o -> [String: Any] in
                    ["design": o.design, "dying_requested": o.dyingRequested, "mkdir_enospc": o.mkdirENOSPC, "live_not_created": o.liveNotCreated, "dying_skipped": o.dyingSkipped,
                     "dying_after_offline": o.dyingAfterOffline, "dying_after_reclaim": o.dyingAfterReclaim,
                     "dying_after_pressure": o.dyingAfterPressure, "memcg_ids_after_offline": o.memcgIDsAfterOffline,
                     "charged_bytes_after_offline": o.chargedAfterOffline, "kernel_charged_bytes_after_offline": o.kernelChargedAfterOffline, "charged_bytes_after_reclaim": o.chargedAfterReclaim,
                     "charged_bytes_after_pressure": o.chargedAfterPressure,
                     "structure_bytes_after_offline": o.structureBytesAfterOffline,
                     "structure_bytes_after_pressure": o.structureBytesAfterPressure,
                     "wall_seconds": o.wallSeconds]
                },
            ] as [String: Any]
        }
        if let wallReadSeconds { object["wall_read_seconds"] = wallReadSeconds }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: Formatting

    static func statKey(_ kind: HostMemoryKind, _ hierarchy: CgroupHierarchy?) -> String {
        switch (kind, hierarchy) {
        case (.anon, .v1): return "total_rss"
        case (.file, .v1): return "total_cache"
        default: return kind.rawValue
        }
    }

    /// 1,234,567
    static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// Bytes in binary units with one decimal: 1.5 GiB.
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
        var value = Double(n.magnitude)
        var unit = 0
        while value >= 1_024 && unit < units.count - 1 {
            value /= 1_024
            unit += 1
        }
        let sign = n < 0 ? "-" : ""
        return unit == 0 ? "\(sign)\(n.magnitude) B" : sign + String(format: "%.1f", value) + " " + units[unit]
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
    func padLeft(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
