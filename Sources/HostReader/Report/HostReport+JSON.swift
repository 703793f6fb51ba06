import Foundation

// The report for machines.

extension HostReport {
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
                "model_memory_bytes": plan.memoryBytes,
                "designs": replay.map { o -> [String: Any] in
                    ["design": o.design, "dying_requested": o.dyingRequested, "mkdir_enospc": o.mkdirENOSPC, "live_not_created": o.liveNotCreated, "dying_skipped": o.dyingSkipped,
                     "dying_after_offline": o.dyingAfterOffline, "dying_after_reclaim": o.dyingAfterReclaim,
                     "dying_after_pressure": o.dyingAfterPressure, "memcg_ids_after_offline": o.memcgIDsAfterOffline,
                     "charged_bytes_after_offline": o.chargedAfterOffline, "kernel_charged_bytes_after_offline": o.kernelChargedAfterOffline, "charged_bytes_after_reclaim": o.chargedAfterReclaim,
                     "charged_bytes_after_pressure": o.chargedAfterPressure,
                     "reclaimed_pages": o.reclaimedPages, "reclaim_eagain": o.reclaimEAGAIN,
                     "pressure_rounds": o.pressureRounds, "kswapd_runs": o.kswapdRuns,
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
}
