/// One memory cgroup directory as read from a host.
package struct HostCgroup: Hashable, Sendable {
    /// The path below the hierarchy's mount point: `/` for the root.
    package let path: String
    package let depth: Int
    /// memory.current (v2) or memory.usage_in_bytes (v1); the v2 root has none.
    var usageBytes: Int64?
    /// v1 only: memory.kmem.usage_in_bytes.
    var kmemUsageBytes: Int64?
    package var stat = HostMemoryStat()
    /// v2 only, from cgroup.stat.
    package var descendants: Int64?
    package var dyingDescendants: Int64?
    /// v2 only, 6.11+: `nr_dying_subsys_memory`, dying memory csses below.
    var dyingMemoryDescendants: Int64?

    init(path: String, depth: Int) {
        self.path = path
        self.depth = depth
    }

    /// The parent's path (`/` for a top-level cgroup and for the root).
    package var parentPath: String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The figure of one kind, with v1's kernel memory from memory.kmem.usage_in_bytes.
    package func bytes(_ kind: HostMemoryKind) -> Int64? {
        if kind == .kernel, stat.kernel == nil { return kmemUsageBytes }
        return stat[kind]
    }
}

/// Which cgroup interface the memory controller is on.
package enum CgroupHierarchy: String, Sendable, Codable {
    /// The unified hierarchy (cgroup2).
    case v2
    /// A legacy hierarchy with the `memory` controller.
    case v1
}
