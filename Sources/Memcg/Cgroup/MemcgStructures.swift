/// The memory a memcg's own bookkeeping takes: `struct mem_cgroup`, one
/// `mem_cgroup_per_node` per NUMA node, and per-CPU statistics areas.
///
/// Since 5.9 the kernel allocates these with accounting while the parent
/// is the active memcg, so they are charged to the parent and stay
/// charged for as long as the child is dying. Sizes are those of an
/// x86_64 6.x build, rounded: the model cares about their order of
/// magnitude and about who pays for them, not about the exact bytes.
public struct MemcgStructures: Hashable, Sendable {
    /// `struct mem_cgroup` (a kmalloc-2k object).
    package static let memcgBytes = 2_048
    /// `struct mem_cgroup_per_node`, one per node (a kmalloc-1k object each).
    package static let perNodeBytes = 1_024
    /// `memcg_vmstats_percpu`, one per CPU.
    package static let percpuVMStatBytes = 1_280
    /// `lruvec_stats_percpu`, one per CPU per node.
    package static let percpuLruvecBytes = 384

    public let slabBytes: Int
    public let percpuBytes: Int

    public init(cpus: Int, nodes: Int) {
        slabBytes = Self.memcgBytes + nodes * Self.perNodeBytes
        percpuBytes = cpus * (Self.percpuVMStatBytes + nodes * Self.percpuLruvecBytes)
    }

    public var totalBytes: Int { slabBytes + percpuBytes }
}
