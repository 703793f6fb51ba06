/// What one cgroup's memory.stat says, reduced to the figures the analysis
/// uses, in bytes, counting the cgroup and all its descendants (v2's
/// memory.stat is hierarchical; v1's `total_*` lines are).
///
/// A figure is nil when the file did not give it: a v1 kernel prints no
/// slab line, and a kernel before 5.18 prints no `kernel` line (then it is
/// summed from its parts, as `MEMCG_KMEM` sums them).
package struct HostMemoryStat: Hashable, Sendable {
    package var anon: Int64?
    package var file: Int64?
    package var slab: Int64?
    package var kernel: Int64?
    /// v2 only: `percpu`, the per-CPU memory charged here (since 5.9 the
    /// per-CPU parts of children's struct mem_cgroup are among it).
    package var percpu: Int64?
    package var slabReclaimable: Int64?
    package var slabUnreclaimable: Int64?

    init() {}

    /// The figure of one kind of memory.
    package subscript(kind: HostMemoryKind) -> Int64? {
        switch kind {
        case .anon: return anon
        case .file: return file
        case .slab: return slab
        case .kernel: return kernel
        }
    }

    /// Parses a cgroup v2 memory.stat.
    static func parseV2(_ bytes: [UInt8], file: String, cache: FlatKeyCache? = nil, diagnostics: inout HostDiagnostics) -> HostMemoryStat {
        var stat = HostMemoryStat()
        var kernelParts: Int64 = 0
        var sawKernelPart = false
        FlatKeyedFile.parse(bytes, file: file, known: MemoryStatKeys.v2.contains, cache: cache, diagnostics: &diagnostics) { key, value in
            switch key {
            case "anon": stat.anon = value
            case "file": stat.file = value
            case "kernel": stat.kernel = value
            case "slab": stat.slab = value
            case "percpu":
                stat.percpu = value
                kernelParts &+= value
                sawKernelPart = true
            case "slab_reclaimable": stat.slabReclaimable = value
            case "slab_unreclaimable": stat.slabUnreclaimable = value
            case "kernel_stack", "pagetables", "sec_pagetables", "vmalloc":
                kernelParts &+= value
                sawKernelPart = true
            default: break
            }
        }
        if stat.slab == nil, let r = stat.slabReclaimable, let u = stat.slabUnreclaimable {
            stat.slab = r &+ u
        }
        if stat.kernel == nil, sawKernelPart {
            stat.kernel = kernelParts &+ (stat.slab ?? 0)
        }
        return stat
    }

    /// Parses a cgroup v1 memory.stat: `total_rss` is anon, `total_cache`
    /// is file; v1 has no slab line, and kernel memory comes from
    /// memory.kmem.usage_in_bytes instead.
    static func parseV1(_ bytes: [UInt8], file: String, cache: FlatKeyCache? = nil, diagnostics: inout HostDiagnostics) -> HostMemoryStat {
        var stat = HostMemoryStat()
        FlatKeyedFile.parse(bytes, file: file, known: MemoryStatKeys.v1.contains, cache: cache, diagnostics: &diagnostics) { key, value in
            switch key {
            case "total_rss": stat.anon = value
            case "total_cache": stat.file = value
            default: break
            }
        }
        return stat
    }
}

/// The kinds of memory the report ranks cgroups by.
package enum HostMemoryKind: String, CaseIterable, Sendable, Codable {
    case anon, file, slab, kernel
}
