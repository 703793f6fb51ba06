package import KernelSim

/// How much host memory a script's model may take, estimated before it
/// runs. A script has no loops, so summing what every line can create is
/// an upper bound on what exists at any time: each `mkdir` a cgroup (whose
/// per-CPU and per-node state grows with the topology), each action its
/// objects. The per-item figures were measured on the release build (the
/// growth of the peak resident size with the item count).
package enum ScriptEstimate {
    /// The engine, the boot caches and the runtime.
    package static let baseBytes: UInt64 = 32 << 20
    /// One cgroup: a fixed part, a part per CPU (per-CPU statistics and
    /// stocks), per node, and per CPU and node (per-CPU lruvec statistics).
    /// Fitted to v6.12 (rstat, the largest) at 4 to 1,024 CPUs and 1 to
    /// 256 nodes: within about 30% of the measured resident size from 16
    /// CPUs up, up to twice it on a 4-CPU machine.
    package static let cgroupBytes: UInt64 = 4_096
    static let cgroupBytesPerCPU: UInt64 = 256
    static let cgroupBytesPerNode: UInt64 = 512
    static let cgroupBytesPerCPUNode: UInt64 = 160
    /// A dentry or an inode (measured: 44 B a negative dentry, 73 B a
    /// file's dentry and inode), a slab object (15 B), a thread (13 B).
    package static let vfsObjectBytes: UInt64 = 64
    package static let slabObjectBytes: UInt64 = 32
    static let threadBytes: UInt64 = 16

    /// One cgroup of the model on `topology`.
    package static func cgroupBytes(_ topology: Topology) -> UInt64 {
        let cpus = UInt64(topology.cpus), nodes = UInt64(topology.nodes)
        return cgroupBytes + cgroupBytesPerCPU * cpus + cgroupBytesPerNode * nodes + cgroupBytesPerCPUNode * cpus * nodes
    }

    package static func hostBytes(_ lines: [ScriptLine], topology: Topology) -> UInt64 {
        var total = baseBytes
        let perCgroup = cgroupBytes(topology)
        for line in lines {
            total = total.addingSaturating(bytes(line.command, perCgroup: perCgroup))
        }
        return total
    }

    private static func bytes(_ command: ScriptCommand, perCgroup: UInt64) -> UInt64 {
        switch command {
        case .mkdir: return perCgroup
        case .run(_, _, _, let action, let arguments), .start(_, _, _, let action, let arguments):
            let count = UInt64(max(0, Int(arguments.count > 1 && action != "dcache" && action != "files" ? arguments[1] : arguments.first ?? "0") ?? 0))
            switch action {
            case "dcache": return count &* vfsObjectBytes
            case "files": return count &* 2 &* vfsObjectBytes
            case "slab", "kmalloc": return count &* slabObjectBytes
            case "threads": return count &* threadBytes
            default: return 0
            }
        case .expectError(_, let inner): return bytes(inner, perCgroup: perCgroup)
        default: return 0
        }
    }
}

extension UInt64 {
    func addingSaturating(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
