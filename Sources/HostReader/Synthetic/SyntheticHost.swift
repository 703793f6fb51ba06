import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A made-up cgroup v2 host written into a directory with the kernel's file
/// formats: /proc (cgroups, mounts, meminfo, osrelease), /sys CPU and node
/// lists, and a memory hierarchy of `cgroups` cgroups (100 slices with jobs
/// below), each with cgroup.stat, memory.stat, memory.current and
/// cgroup.controllers. Figures follow from each cgroup's index, so the same
/// size gives the same tree. Used to measure the reader at scale and by
/// the tests.
package struct SyntheticHost {
    package let cgroups: Int
    /// Dying cgroups each slice reports below it.
    package let dyingPerSlice: Int
    let slices: Int

    package init(cgroups: Int, dyingPerSlice: Int = 7) {
        self.cgroups = max(1, cgroups)
        self.dyingPerSlice = dyingPerSlice
        self.slices = min(100, max(1, self.cgroups - 1))
    }

    /// The memory.stat keys of a 6.x kernel, in `memory_stats[]` order.
    static let statKeys = [
        "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc",
        "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback", "swapcached", "anon_thp",
        "file_thp", "shmem_thp", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
        "slab_reclaimable", "slab_unreclaimable", "slab", "workingset_refault_anon", "workingset_refault_file",
        "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
        "workingset_nodereclaim", "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged", "pgscan", "pgsteal",
        "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgsteal_kswapd", "pgsteal_direct",
        "pgsteal_khugepaged", "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate", "pglazyfree",
        "pglazyfreed", "zswpin", "zswpout", "zswpwb", "thp_fault_alloc", "thp_collapse_alloc", "thp_swpout",
        "thp_swpout_fallback",
    ]

    /// The memory.stat text of a cgroup holding these figures (bytes).
    package static func memoryStat(anon: Int64, file: Int64, slabReclaimable: Int64, slabUnreclaimable: Int64, percpu: Int64) -> String {
        let slab = slabReclaimable + slabUnreclaimable
        let stack: Int64 = 16_384
        let values: [String: Int64] = [
            "anon": anon, "file": file, "kernel": slab + percpu + stack, "kernel_stack": stack, "percpu": percpu,
            "inactive_anon": anon, "inactive_file": file / 2, "active_file": file - file / 2,
            "slab_reclaimable": slabReclaimable, "slab_unreclaimable": slabUnreclaimable, "slab": slab,
        ]
        return statKeys.map { "\($0) \(values[$0] ?? 0)\n" }.joined()
    }

    package func write(to directory: String) throws {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory)
        let cgroupRoot = root.appendingPathComponent("sys/fs/cgroup")
        try fm.createDirectory(at: cgroupRoot, withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("proc/sys/kernel"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("sys/devices/system/cpu"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("sys/devices/system/node"), withIntermediateDirectories: true)
        func put(_ path: String, _ text: String) throws {
            try Self.writeFile(root.appendingPathComponent(path), text)
        }
        try put("proc/sys/kernel/osrelease", "6.8.0-synthetic\n")
        try put("proc/mounts", "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\ncgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot 0 0\n")
        try put("proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t0\t\(cgroups)\t1\nmemory\t0\t\(cgroups + slices * dyingPerSlice)\t1\npids\t0\t\(cgroups)\t1\n")
        try put("proc/meminfo", "MemTotal:       65536000 kB\nMemFree:        32768000 kB\nSlab:            2048000 kB\nSReclaimable:    1024000 kB\nSUnreclaim:      1024000 kB\nPercpu:           409600 kB\nHugePages_Total:       0\n")
        try put("sys/devices/system/cpu/possible", "0-63\n")
        try put("sys/devices/system/node/possible", "0-1\n")
        try put("proc/slabinfo", """
            slabinfo - version: 2.1
            # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
            kmalloc-2k        \(cgroups * 2) \(cgroups * 2)   2048   16    8 : tunables    0    0    0 : slabdata \(cgroups / 8 + 1) \(cgroups / 8 + 1)      0
            dentry            \(cgroups * 40) \(cgroups * 42)    192   21    1 : tunables    0    0    0 : slabdata \(cgroups * 2) \(cgroups * 2)      0

            """)

        // Jobs spread over the slices; a job's figures follow from its index.
        let jobs = cgroups - 1 - slices
        var sliceTotals = [[Int64]](repeating: [0, 0, 0, 0, 0], count: slices)
        var jobDirs: [[Int]] = Array(repeating: [], count: slices)
        for job in 0..<max(0, jobs) { jobDirs[job % slices].append(job) }
        for slice in 0..<slices {
            let sliceDir = "slice-\(slice)"
            try fm.createDirectory(at: cgroupRoot.appendingPathComponent(sliceDir), withIntermediateDirectories: true)
            for job in jobDirs[slice] {
                let f = Self.figures(job)
                let dir = cgroupRoot.appendingPathComponent("\(sliceDir)/job-\(job)")
                try fm.createDirectory(at: dir, withIntermediateDirectories: false)
                try Self.writeCgroup(dir, f, descendants: 0, dying: 0)
                for k in 0..<5 { sliceTotals[slice][k] += f[k] }
            }
            // Each slice holds what its dying children left behind besides its jobs.
            let leftover: [Int64] = [0, Int64(dyingPerSlice) * 65_536, Int64(dyingPerSlice) * 8_192, Int64(dyingPerSlice) * 4_096, 0]
            let totals = (0..<5).map { sliceTotals[slice][$0] + leftover[$0] }
            try Self.writeCgroup(cgroupRoot.appendingPathComponent(sliceDir), totals,
                                 descendants: jobDirs[slice].count, dying: dyingPerSlice)
        }
        let rootTotals = (0..<5).map { k in sliceTotals.reduce(Int64(0)) { $0 + $1[k] } }
        try put("sys/fs/cgroup/cgroup.stat", "nr_descendants \(cgroups - 1)\nnr_dying_descendants \(slices * dyingPerSlice)\n")
        try put("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
        try put("sys/fs/cgroup/memory.stat", Self.memoryStat(anon: rootTotals[0], file: rootTotals[1], slabReclaimable: rootTotals[2],
                                                             slabUnreclaimable: rootTotals[3], percpu: rootTotals[4]))
    }

    /// anon, file, slab reclaimable, slab unreclaimable, percpu of job `index`.
    static func figures(_ index: Int) -> [Int64] {
        let i = Int64(index)
        return [(1 + i % 97) * 1_048_576, (1 + i % 89) * 524_288, (1 + i % 13) * 65_536, (1 + i % 7) * 32_768, 4 * 4_096]
    }

    static func writeCgroup(_ dir: URL, _ f: [Int64], descendants: Int, dying: Int) throws {
        let stat = memoryStat(anon: f[0], file: f[1], slabReclaimable: f[2], slabUnreclaimable: f[3], percpu: f[4])
        try writeFile(dir.appendingPathComponent("memory.stat"), stat)
        try writeFile(dir.appendingPathComponent("cgroup.stat"), "nr_descendants \(descendants)\nnr_dying_descendants \(dying)\n")
        try writeFile(dir.appendingPathComponent("memory.current"), "\(f[0] + f[1] + f[2] + f[3] + f[4] + 16_384)\n")
        try writeFile(dir.appendingPathComponent("cgroup.controllers"), "cpu io memory pids\n")
    }

    /// A plain write, without the fsync a Foundation write may do: a
    /// 100,000-cgroup tree is 400,000 files.
    static func writeFile(_ url: URL, _ text: String) throws {
        guard let file = fopen(url.path, "w") else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        defer { fclose(file) }
        let bytes = Array(text.utf8)
        guard fwrite(bytes, 1, bytes.count, file) == bytes.count else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}
