import Memcg

/// What a host reading says about dying memory cgroups and what they
/// cost, in the model's terms. Figures read from the host and figures the
/// model computes are kept apart (`read` and `modelled`), so a report can
/// say which is which.
public struct HostAnalysis: Sendable {
    /// A cgroup and one figure of it.
    package struct Ranked: Hashable, Sendable {
        package let path: String
        package let bytes: Int64
    }

    /// Figures read from the host (parsed, not computed by the model).
    package struct Read: Sendable {
        var kernelRelease: String?
        package var hierarchy: CgroupHierarchy?
        package var mountPoint: String?
        /// Memory cgroup directories, the root among them.
        var liveMemcgs = 0
        /// v2 cgroup directories whose parent does not enable the memory controller.
        var directoriesWithoutMemory = 0
        /// Dying memory cgroups, and how the number was found.
        package var dyingMemcgs: Int64?
        var dyingSource = ""
        /// /proc/cgroups num_cgroups of the memory controller.
        var procCgroupsMemory: Int64?
        var possibleCPUs: Int?
        var possibleNodes: Int?
        /// The largest cgroups by each kind of memory (hierarchical figures, the root left out).
        package var largest: [HostMemoryKind: [Ranked]] = [:]
        /// v2: cgroups with the most dying cgroups directly below them.
        var dyingParents: [(path: String, dying: Int64)] = []
        /// /proc/meminfo lines that bear on memcg metadata.
        var meminfo: [(key: String, bytes: Int64)] = []
        /// The largest slab caches by memory in slabs; nil without /proc/slabinfo.
        var largestCaches: [SlabinfoEntry]?
    }

    /// Figures the model computes for this host.
    package struct Modelled: Sendable {
        package var preset: String
        var presetReason: String
        /// CPUs and nodes the sizes are computed for (1 when the host did not say).
        package var cpus: Int
        package var nodes: Int
        /// One memcg's own structures by the model's sizes (`MemcgStructures`).
        var perMemcgSlabBytes: Int
        var perMemcgPercpuBytes: Int
        /// What the dying cgroups hold in their own structures.
        var dyingSlabBytes: Int64?
        var dyingPercpuBytes: Int64?
        /// memcg IDs held under the preset's design, and the headroom to MEM_CGROUP_ID_MAX.
        package var memcgIDsInUse: Int64
        var memcgIDHeadroom: Int64
        var idNote: String
    }

    package var read = Read()
    package var modelled: Modelled
    /// Assumptions behind the modelled figures.
    var assumptions: [String] = []

    public init(_ reading: HostReading, top: Int = 5) {
        var r = Read()
        r.kernelRelease = reading.kernelRelease
        r.hierarchy = reading.hierarchy
        r.mountPoint = reading.mountPoint
        r.liveMemcgs = reading.cgroups.count
        r.directoriesWithoutMemory = reading.directoriesWithoutMemory
        r.procCgroupsMemory = reading.memoryControllerLine?.cgroups
        r.possibleCPUs = reading.possibleCPUs
        r.possibleNodes = reading.possibleNodes
        var assumptions: [String] = []

        let root = reading.cgroups.first { $0.path == "/" }
        switch reading.hierarchy {
        case .v2:
            if let dying = root?.dyingMemoryDescendants {
                r.dyingMemcgs = dying
                r.dyingSource = "nr_dying_subsys_memory in the root's cgroup.stat"
            } else if let dying = root?.dyingDescendants {
                r.dyingMemcgs = dying
                r.dyingSource = "nr_dying_descendants in the root's cgroup.stat (every dying cgroup; a kernel before 6.11 does not count memory csses apart)"
            }
            r.dyingParents = Self.dyingParents(reading.cgroups, top: top)
        case .v1:
            if let total = r.procCgroupsMemory {
                let dying = total.subtracting(saturating: Int64(r.liveMemcgs))
                r.dyingMemcgs = max(0, dying)
                r.dyingSource = "num_cgroups of memory in /proc/cgroups (\(total)) minus memory cgroup directories (\(r.liveMemcgs))"
                if dying < 0 {
                    assumptions.append("/proc/cgroups counted fewer memory cgroups than there were directories (cgroups created during the read); dying taken as 0")
                }
            }
        case nil:
            break
        }

        for kind in HostMemoryKind.allCases {
            let ranked = reading.cgroups.compactMap { cgroup -> Ranked? in
                guard cgroup.path != "/", let bytes = cgroup.bytes(kind), bytes > 0 else { return nil }
                return Ranked(path: cgroup.path, bytes: bytes)
            }
            r.largest[kind] = Array(ranked.sorted { ($0.bytes, $1.path) > ($1.bytes, $0.path) }.prefix(top))
        }
        if let info = reading.meminfo {
            r.meminfo = ["MemTotal", "Slab", "SUnreclaim", "Percpu"].compactMap { key in info[key].map { (key, $0) } }
        }
        r.largestCaches = reading.slabinfo.map { caches in
            Array(caches.sorted { ($0.slabBytes, $1.name) > ($1.slabBytes, $0.name) }.prefix(top))
        }
        read = r

        let release = reading.kernelRelease.flatMap(KernelRelease.init)
        let (preset, reason) = release?.nearestPreset() ?? (try! Preset.named(Preset.defaultName), "the kernel release is unknown; the default preset")
        let cpus = reading.possibleCPUs ?? 1
        let nodes = reading.possibleNodes ?? 1
        if reading.possibleCPUs == nil { assumptions.append("the possible CPUs were not read; sizes are for 1 CPU") }
        if reading.possibleNodes == nil { assumptions.append("the possible nodes were not read; sizes are for 1 node") }
        let sizes = MemcgStructures(cpus: cpus, nodes: nodes)
        let holdsIDs = preset.design.memcgIDRelease == .atRelease
        let live = Int64(r.liveMemcgs)
        let inUse = live.adding(saturating: holdsIDs ? (r.dyingMemcgs ?? 0) : 0)
        modelled = Modelled(
            preset: preset.name, presetReason: reason, cpus: cpus, nodes: nodes,
            perMemcgSlabBytes: sizes.slabBytes, perMemcgPercpuBytes: sizes.percpuBytes,
            dyingSlabBytes: r.dyingMemcgs.map { $0.multiplied(saturating: Int64(sizes.slabBytes)) },
            dyingPercpuBytes: r.dyingMemcgs.map { $0.multiplied(saturating: Int64(sizes.percpuBytes)) },
            memcgIDsInUse: inUse, memcgIDHeadroom: Int64(MemoryController.memcgIDMax).subtracting(saturating: inUse),
            idNote: holdsIDs
                ? "under \(preset.name) a dying memcg keeps its ID until it is freed"
                : "under \(preset.name) a dying memcg gives its ID back at offline; swap entries that still name one are not seen here")
        assumptions.append("memcg structure sizes are the model's x86_64 6.x sizes (struct mem_cgroup \(MemcgStructures.memcgBytes) B, per node \(MemcgStructures.perNodeBytes) B, per CPU \(MemcgStructures.percpuVMStatBytes) B + \(MemcgStructures.percpuLruvecBytes) B per node), not this kernel's")
        self.assumptions = assumptions
    }

    /// v2: dying cgroups directly below each cgroup (its count minus its
    /// live children's counts), largest first.
    static func dyingParents(_ cgroups: [HostCgroup], top: Int) -> [(path: String, dying: Int64)] {
        var childDying: [String: Int64] = [:]
        for cgroup in cgroups where cgroup.path != "/" {
            let parent = cgroup.parentPath
            childDying[parent] = childDying[parent, default: 0].adding(saturating: cgroup.dyingMemoryDescendants ?? cgroup.dyingDescendants ?? 0)
        }
        let direct = cgroups.compactMap { cgroup -> (String, Int64)? in
            guard let dying = cgroup.dyingMemoryDescendants ?? cgroup.dyingDescendants else { return nil }
            let own = dying.subtracting(saturating: childDying[cgroup.path, default: 0])
            return own > 0 ? (cgroup.path, own) : nil
        }
        return Array(direct.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(top)).map { (path: $0.0, dying: $0.1) }
    }
}
