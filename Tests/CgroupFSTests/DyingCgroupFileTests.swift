import CgroupFS
import KernelSim
import Memcg
import MemcgTestSupport
import Testing
import Workload

/// cgroup.stat's four lines and /sys/kernel/debug/memcg/dying: the
/// counters move where the kernel moves them, and the listing says what
/// holds each dying cgroup.
@Suite struct DyingCgroupFileTests {
    private func filesystem(_ preset: String = "v6.12") throws -> CgroupFS {
        let mc = try testController(preset: preset)
        return CgroupFS(controller: mc, tasks: TaskTable(controller: mc))
    }

    private func stat(_ fs: CgroupFS, _ path: String) throws -> [String: Int] {
        var values: [String: Int] = [:]
        for line in try fs.read(path + "/cgroup.stat").split(separator: "\n") {
            let parts = line.split(separator: " ")
            values[String(parts[0])] = Int(parts[1])
        }
        return values
    }

    /// A task in `path` writes a file of `pages` pages and exits: the page
    /// cache stays, charged to the cgroup.
    private func leavePageCache(_ fs: CgroupFS, _ path: String, file: String, pages: Int) throws {
        let task = try fs.tasks.spawn(in: try fs.controller.lookup(path))
        try fs.tasks.accessFile(task, name: file, superblock: "rootfs", bytes: pages * PageSize.bytes, write: false, create: true)
        fs.tasks.exit(task)
    }

    @Test func cgroupStatPrintsTheKernelsFourLinesInItsOrder() throws {
        let fs = try filesystem()
        try fs.mkdir("/a")
        try fs.mkdir("/a/b")
        try fs.mkdir("/c")
        #expect(try fs.read("/cgroup.stat") == "nr_descendants 3\nnr_subsys_memory 4\nnr_dying_descendants 0\nnr_dying_subsys_memory 0\n")
        #expect(try fs.read("/a/b/cgroup.stat") == "nr_descendants 0\nnr_subsys_memory 1\nnr_dying_descendants 0\nnr_dying_subsys_memory 0\n")
    }

    /// A cgroup whose parent does not pass memory down has no memory css:
    /// its nr_subsys_memory is 0 and its ancestors do not count it
    /// (cgroup_stat_show prints `css ? css->nr_descendants + 1 : 0`).
    @Test func nrSubsysMemoryCountsOnlyCgroupsWithAMemoryCss() throws {
        let fs = try filesystem()
        try fs.mkdir("/a")
        try fs.mkdir("/a/b")
        try fs.mkdir("/a/b/c")
        try fs.mkdir("/d")
        #expect(try stat(fs, "/")["nr_subsys_memory"] == 5)
        try fs.write("/a/cgroup.subtree_control", "-memory")
        for path in ["/a/b", "/a/b/c"] {
            #expect(try stat(fs, path)["nr_subsys_memory"] == 0, "\(path)")
            #expect(try stat(fs, path)["nr_descendants"] == (path == "/a/b" ? 1 : 0), "\(path)")
        }
        #expect(try stat(fs, "/a")["nr_subsys_memory"] == 1)
        #expect(try stat(fs, "/")["nr_subsys_memory"] == 3)
        #expect(try stat(fs, "/")["nr_descendants"] == 4)
        try fs.write("/a/cgroup.subtree_control", "+memory")
        #expect(try stat(fs, "/")["nr_subsys_memory"] == 5)
        #expect(try stat(fs, "/a/b")["nr_subsys_memory"] == 2)
    }

    /// rmdir counts the cgroup and its memory css dying at once (kill_css,
    /// 13e786b64bd3); css_release of the memory css ends the css count; the
    /// cgroup counts dying until the css is freed and the cgroup released.
    @Test func countersMoveAtRmdirCssReleaseAndCssFree() throws {
        let fs = try filesystem()
        let mc = fs.controller
        try fs.mkdir("/a")
        try fs.mkdir("/a/b")
        let b = try mc.lookup("/a/b")
        try leavePageCache(fs, "/a/b", file: "f", pages: 1)
        try mc.rmdir("/a/b")  // no time passes: the offline work has not run
        #expect(b.state == .killed)
        for path in ["/a", "/"] {
            #expect(try stat(fs, path)["nr_dying_descendants"] == 1, "\(path)")
            #expect(try stat(fs, path)["nr_dying_subsys_memory"] == 1, "\(path)")
        }
        #expect(try stat(fs, "/a")["nr_descendants"] == 0)
        #expect(try stat(fs, "/a")["nr_subsys_memory"] == 1)
        mc.kernel.runUntilIdle()
        #expect(b.state == .dying)  // offline done; its page pins it
        #expect(try stat(fs, "/a")["nr_dying_subsys_memory"] == 1)

        try fs.tasks.pageCache.unlink("f", superblock: "rootfs")
        var sawReleased = false
        while b.state != .freed, mc.kernel.step() {
            if b.state == .released {
                // css_release_work_fn has run; the cgroup is not yet freed.
                #expect(mc.root.dyingSubsysMemory == 0)
                #expect(mc.root.dyingDescendants == 1)
                sawReleased = true
            }
        }
        #expect(sawReleased)
        #expect(b.state == .freed)
        #expect(try stat(fs, "/a")["nr_dying_descendants"] == 0)
        #expect(try stat(fs, "/")["nr_dying_subsys_memory"] == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func theDyingFileSaysWhatHoldsEachRemovedCgroup() throws {
        let fs = try filesystem()
        try fs.mkdir("/jobs")
        try fs.mkdir("/jobs/a b")  // a space in the name is escaped
        try fs.mkdir("/jobs/c")
        try leavePageCache(fs, "/jobs/a b", file: "f", pages: 2)
        try fs.rmdir("/jobs/a b")
        try fs.rmdir("/jobs/c")  // nothing holds it: freed after its grace periods
        fs.controller.kernel.runUntilIdle()
        let text = try fs.read(CgroupFS.dyingDebugPath)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        let line = String(lines[0])
        #expect(line.hasPrefix("/jobs/a\\040b serial=2 state=dying age_ns="))
        for field in ["id=0", "inactive_anon=0", "inactive_file=2", "active_file=0", "unevictable=0", "batched=0", "isolated=0",
                      "slab_objects=0", "swap_entries=0", "kernel_stack_bytes=0", "charged_bytes=8192",
                      "structure_bytes=\(MemcgStructures(cpus: 4, nodes: 1).totalBytes)", "refs=2", "held_by=file:2"] {
            #expect(line.contains(" " + field), "\(field) in \(line)")
        }
        // Its reading at a later time differs only in the age.
        fs.controller.kernel.advance(by: .seconds(1))
        let later = try fs.read(CgroupFS.dyingDebugPath)
        #expect(later != text)
        #expect(later.replacingOccurrences(of: #"age_ns=\d+"#, with: "", options: .regularExpression)
                == text.replacingOccurrences(of: #"age_ns=\d+"#, with: "", options: .regularExpression))
    }

    @Test func writesAreRefusedWithEINVALAndChangeNothing() throws {
        let fs = try filesystem()
        try fs.mkdir("/a")
        try leavePageCache(fs, "/a", file: "f", pages: 1)
        try fs.rmdir("/a")
        fs.controller.kernel.runUntilIdle()
        let before = try fs.read(CgroupFS.dyingDebugPath)
        let error = #expect(throws: MemcgError.self) { try fs.write(CgroupFS.dyingDebugPath, "1\n") }
        #expect(error?.errno == .EINVAL)
        #expect(try fs.read(CgroupFS.dyingDebugPath).split(separator: " ").count == before.split(separator: " ").count)
        #expect(fs.controller.dyingCgroups.count == 1)
    }

    /// Under per-memcg slab caches (4.11) a dying cgroup's dentries and
    /// inodes sit in its own caches and pin it: the listing shows the
    /// objects and the kmem layer's references.
    @Test func perMemcgCachesShowTheirObjectsAsHolders() throws {
        let fs = try filesystem("v4.11")
        let mc = fs.controller
        try fs.mkdir("/a")
        let memcg = try mc.lookup("/a")
        // The first allocations go to the root caches while the child
        // caches are created asynchronously; later ones land in the children.
        try fs.tasks.vfs.createFiles(3, on: nil, memcg: memcg, node: 0)
        mc.kernel.runUntilIdle()
        try fs.tasks.vfs.createFiles(3, on: nil, memcg: memcg, node: 0)
        try fs.rmdir("/a")
        mc.kernel.runUntilIdle()
        let facts = try #require(mc.dyingCgroupFacts().first)
        #expect(facts.slabObjects >= 6)
        let kmem = facts.holders[DyingCgroupFacts.holderNames.firstIndex(of: "kmem")!]
        #expect(kmem > 0)
        #expect(facts.holders.reduce(0, +) == facts.references)
        #expect(try fs.read(CgroupFS.dyingDebugPath).contains("kmem:\(kmem)"))
    }

    @Test func scriptJSONCarriesTheRecordsAndRepeatsByteForByte() throws {
        func run() throws -> String {
            final class Box: @unchecked Sendable { var text = "" }
            let box = Box()
            let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { box.text += $0 }
            runner.format = .json
            try runner.run(script: """
                mkdir /jobs
                mkdir /jobs/a
                run /jobs/a pagecache 8K --write
                rmdir /jobs/a
                settle
                cat /jobs/cgroup.stat
                cat /sys/kernel/debug/memcg/dying
                """, file: "t")
            return box.text
        }
        let first = try run()
        #expect(first == (try run()))
        #expect(first.contains(#""content":"nr_descendants 0\nnr_subsys_memory 1\nnr_dying_descendants 1\nnr_dying_subsys_memory 1\n""#))
        #expect(first.contains(#""records":[{"path":"/jobs/a","state":"dying","serial":2,"#))
        #expect(first.contains(#""inactive_file":2,"#))
        #expect(first.contains(#""held_by":{"file":2}}]"#))
    }
}
