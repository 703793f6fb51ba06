import Foundation
@testable import HostReader

/// A host laid out in a temporary directory with the kernel's file
/// formats, removed when the value is deinitialised.
final class TemporaryHost {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("memcg-host-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    var path: String { root.path }

    func write(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
    }

    func reading(mountPoint: String? = nil) -> HostReading {
        HostReader(source: LiveHostSource(root: path), mountPoint: mountPoint).read()
    }

    /// A cgroup v2 host of a 6.12 kernel on 8 CPUs and 2 nodes:
    ///
    ///     /                      nr_dying_descendants 12
    ///     /system.slice          3 dying below it
    ///     /user.slice            0
    ///     /kubepods              9 dying, 4 of them below /kubepods/burstable
    ///     /kubepods/burstable
    ///     /kubepods/besteffort   (memory controller not enabled: no memory.stat)
    static func kubernetesV2() throws -> TemporaryHost {
        let host = try TemporaryHost()
        try host.write("proc/sys/kernel/osrelease", "6.12.9-200.fc41.x86_64\n")
        try host.write("proc/mounts", """
            proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
            cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0

            """)
        try host.write("proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t0\t7\t1\nmemory\t0\t18\t1\npids\t0\t7\t1\n")
        try host.write("proc/meminfo", "MemTotal:       32768000 kB\nMemFree:        16384000 kB\nSlab:             512000 kB\nSUnreclaim:       128000 kB\nPercpu:            40960 kB\nHugePages_Total:       0\n")
        try host.write("sys/devices/system/cpu/possible", "0-7\n")
        try host.write("sys/devices/system/node/possible", "0-1\n")
        let cg = "sys/fs/cgroup"
        try host.write("\(cg)/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
        try host.write("\(cg)/cgroup.stat", """
            nr_descendants 5
            nr_subsys_cpu 6
            nr_subsys_memory 6
            nr_dying_descendants 12
            nr_dying_subsys_cpu 0
            nr_dying_subsys_memory 12

            """)
        try host.write("\(cg)/memory.stat", SyntheticHost.memoryStat(anon: 900 << 20, file: 2_000 << 20, slabReclaimable: 300 << 20, slabUnreclaimable: 100 << 20, percpu: 4 << 20))
        let cgroups: [(String, Int64, Int64, Int64, Int, Int)] = [
            // path, anon MiB, file MiB, slab MiB, descendants, dying
            ("system.slice", 200, 700, 90, 0, 3),
            ("user.slice", 100, 300, 10, 0, 0),
            ("kubepods", 600, 900, 280, 2, 9),
            ("kubepods/burstable", 500, 400, 100, 0, 4),
        ]
        for (path, anon, file, slab, descendants, dying) in cgroups {
            try host.write("\(cg)/\(path)/memory.stat", SyntheticHost.memoryStat(anon: anon << 20, file: file << 20, slabReclaimable: slab << 19,
                                                                                slabUnreclaimable: slab << 19, percpu: 1 << 20))
            try host.write("\(cg)/\(path)/cgroup.stat", "nr_descendants \(descendants)\nnr_dying_descendants \(dying)\n")
            try host.write("\(cg)/\(path)/memory.current", "\((anon + file + slab) << 20)\n")
        }
        try host.write("\(cg)/kubepods/besteffort/cgroup.stat", "nr_descendants 0\nnr_dying_descendants 0\n")
        return host
    }
}

/// The test snapshots kept in the repository.
enum TestSnapshots {
    static func url(_ name: String) -> URL {
        Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Snapshots")!
    }

    /// This build machine: kernel 6.18, cgroup v1 memory controller, 2 CPUs, 1 node.
    static func buildMachine() throws -> SnapshotHostSource {
        let data = try Data(contentsOf: url("build-machine-v1"))
        return SnapshotHostSource(try HostSnapshot.decode(data, file: "build-machine-v1.json"), name: "build-machine-v1.json")
    }
}
