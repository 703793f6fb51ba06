import Foundation
import Memcg

// The report for people: one section for what was read, one for what
// the model computed, the replay table, the assumptions, the notes.

extension HostReport {
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
            out.append("  built             \(Self.count(plan.live.count)) live cgroups, \(Self.count(dyingTotal)) dying in \(plan.dying.count) parent(s), \(Self.bytes(Int64(plan.memoryBytes))) of host memory")
            for o in replay where o.liveNotCreated > 0 {
                out.append("  \(o.design): \(Self.count(o.liveNotCreated)) live cgroups could not be created (memcg IDs run out at \(Self.count(MemoryController.memcgIDMax))), nor \(Self.count(o.dyingSkipped)) dying cgroups below them")
            }
            // Wide enough for PRESET+offlinePages=VALUE names.
            let width = replay.reduce(8) { max($0, $1.design.count) }
            out.append("  " + "design".padding(width) + "  dying after: offline   reclaim  pressure  charged after: offline (kernel)    reclaim   pressure  memcg IDs  ENOSPC")
            for o in replay {
                let dying = [o.dyingAfterOffline, o.dyingAfterReclaim, o.dyingAfterPressure].map { Self.count($0).padLeft(8) }
                let charged = [o.chargedAfterOffline, o.chargedAfterReclaim, o.chargedAfterPressure].map { Self.bytes($0).padLeft(10) }
                out.append("  " + o.design.padding(width) + "  " + dying[0].padLeft(20) + "  " + dying[1] + "  " + dying[2] + "  "
                           + charged[0].padLeft(22) + " " + ("(" + Self.bytes(o.kernelChargedAfterOffline) + ")").padLeft(11) + " "
                           + charged[1] + " " + charged[2] + "  "
                           + Self.count(o.memcgIDsAfterOffline).padLeft(9) + "  " + Self.count(o.mkdirENOSPC).padLeft(6))
            }
            for o in replay {
                out.append("  \(o.design.padding(width))  memory.reclaim reclaimed \(Self.bytes(Int64(o.reclaimedPages) * Int64(PageSize.bytes)))\(o.reclaimEAGAIN ? " (EAGAIN: less than asked)" : ""); pressure: \(o.pressureRounds) round(s), kswapd woken \(Self.count(o.kswapdRuns)) time(s)")
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
        return out.joined(separator: "\n") + "\n"
    }
}
