/// Everything read from one host (or one snapshot of it), parsed; what
/// could not be read is nil and said in `diagnostics`.
public struct HostReading: Sendable {
    public var kernelRelease: String?
    public var procCgroups: [ProcCgroupsEntry]?
    public var hierarchy: CgroupHierarchy?
    /// Where the memory hierarchy is mounted on the host.
    public var mountPoint: String?
    /// Memory cgroups, root first, then depth first with siblings by name.
    public var cgroups: [HostCgroup] = []
    /// v2 directories without the memory controller (no memory.stat).
    public var directoriesWithoutMemory = 0
    public var meminfo: Meminfo?
    /// nil when /proc/slabinfo could not be read (it needs root).
    public var slabinfo: [SlabinfoEntry]?
    /// Possible CPUs and nodes: the kernel sizes per-CPU and per-node
    /// parts of a memcg for every possible one.
    public var possibleCPUs: Int?
    public var possibleNodes: Int?
    public var diagnostics = HostDiagnostics()
    /// Host wall time the read took: the one figure that varies between
    /// two reads of the same files.
    public var wallSeconds = 0.0

    public init() {}

    public var memoryControllerLine: ProcCgroupsEntry? {
        procCgroups?.first { $0.controller == "memory" }
    }
}
