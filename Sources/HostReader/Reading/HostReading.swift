/// Everything read from one host (or one snapshot of it), parsed; what
/// could not be read is nil and said in `diagnostics`.
public struct HostReading: Sendable {
    var kernelRelease: String?
    var procCgroups: [ProcCgroupsEntry]?
    package var hierarchy: CgroupHierarchy?
    /// Where the memory hierarchy is mounted on the host.
    public var mountPoint: String?
    /// Memory cgroups, root first, then depth first with siblings by name.
    package var cgroups: [HostCgroup] = []
    /// v2 directories without the memory controller (no memory.stat).
    var directoriesWithoutMemory = 0
    var meminfo: Meminfo?
    /// nil when /proc/slabinfo could not be read (it needs root).
    var slabinfo: [SlabinfoEntry]?
    /// Possible CPUs and nodes: the kernel sizes per-CPU and per-node
    /// parts of a memcg for every possible one.
    var possibleCPUs: Int?
    var possibleNodes: Int?
    package var diagnostics = HostDiagnostics()
    /// Host wall time the read took: the one figure that varies between
    /// two reads of the same files.
    public var wallSeconds = 0.0

    init() {}

    var memoryControllerLine: ProcCgroupsEntry? {
        procCgroups?.first { $0.controller == "memory" }
    }
}
