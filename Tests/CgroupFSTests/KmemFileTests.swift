import CgroupFS
import KernelSim
import Memcg
import Testing

/// /proc/slabinfo through the filesystem and the script language, and the
/// cgroup v1 memory.kmem.slabinfo, which the v2 filesystem does not have
/// (its per-era text is the library's `slabinfoText(of:)`).
@Suite struct KmemFileTests {
    private func runner(_ preset: String) throws -> (ScriptRunner, () -> String) {
        final class Box: @unchecked Sendable { var text = "" }
        let box = Box()
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named(preset).design) { box.text += $0 }
        return (runner, { defer { box.text = "" }; return box.text })
    }

    @Test func procSlabinfoFoldsChildCachesIntoTheirRootsUnderPerMemcgDesigns() throws {
        let (runner, output) = try runner("v4.11")
        try runner.run(script: """
            mkdir /job
            run --keep /job slab pid 1
            settle
            run --keep /job slab pid 5
            cat /proc/slabinfo
            """, file: "t")
        let text = output()
        #expect(text.contains("slabinfo - version: 2.1\n# name "))
        // The v1 memory.kmem.slabinfo lists the child; /proc/slabinfo folds
        // it into the root's line (memcg_accumulate_slabinfo).
        let mc = runner.fs.controller
        #expect(mc.kmem.slabinfoText(of: try mc.lookup("/job")).contains("\npid(1:job) "))
        #expect(!text.contains("pid(1:job)"))
        #expect(text.contains("\npid "))
    }

    @Test func underObjcgThereAreNoChildCaches() throws {
        let (runner, output) = try runner("v6.12")
        try runner.run(script: """
            mkdir /job
            run --keep /job slab pid 5
            cat /proc/slabinfo
            """, file: "t")
        let text = output()
        #expect(!text.contains("(1:job)"))
        #expect(runner.fs.controller.kmem.slabinfoText(of: try runner.fs.controller.lookup("/job")) == "")
        #expect(text.contains("\npid "))
        #expect(runner.fs.controller.checkInvariants().isEmpty)
    }

    /// memcg_slab_show printed the header with the memcg's first cache, so
    /// a memcg without child caches reads empty; 5.9 (4330a26bc452) made
    /// the file empty for every memcg.
    @Test func kmemSlabinfoIsEmptyWithoutChildCachesAndFrom5_9() throws {
        let (old, _) = try runner("v5.4")
        try old.run(script: "mkdir /job", file: "t")
        #expect(old.fs.controller.kmem.slabinfoText(of: try old.fs.controller.lookup("/job")) == "")
        let (new, _) = try runner("v5.9")
        try new.run(script: "mkdir /job\nrun --keep /job slab pid 5", file: "t")
        #expect(new.fs.controller.kmem.slabinfoText(of: try new.fs.controller.lookup("/job")) == "")
    }

    /// memory.kmem.slabinfo is in mem_cgroup_legacy_files, not in cgroup
    /// v2's memory_files: the v2 filesystem has no such file under any
    /// preset, for reads and writes alike, on the root as on a child, and
    /// says why; a cgroup that does not exist is still its own ENOENT.
    @Test(arguments: ["v3.18", "v4.10", "v5.4", "v6.12"])
    func kmemSlabinfoIsACgroupV1FileAndAbsentFromV2(preset: String) throws {
        let (runner, _) = try runner(preset)
        try runner.run(script: "mkdir /job\nrun --keep /job slab pid 5", file: "t")
        let fs = runner.fs
        for path in ["/job/memory.kmem.slabinfo", "/memory.kmem.slabinfo", "/job/memory.kmem.limit_in_bytes"] {
            let read = #expect(throws: MemcgError.self) { _ = try fs.read(path) }
            #expect(read?.errno == .ENOENT)
            #expect(read?.description.contains("cgroup v1") == true)
            let write = #expect(throws: MemcgError.self) { try fs.write(path, "1") }
            #expect(write?.errno == .ENOENT)
        }
        let missing = #expect(throws: MemcgError.self) { _ = try fs.read("/nope/memory.kmem.slabinfo") }
        #expect(missing?.errno == .ENOENT)
        #expect(missing?.description.contains("cgroup v1") == false)
        #expect(try fs.read("/proc/slabinfo").hasPrefix("slabinfo - version: 2.1"))
    }

    /// From 5.14 an accounted kmalloc shows in kmalloc-cg-N's line of
    /// /proc/slabinfo, not kmalloc-N's.
    @Test func accountedKmallocShowsInKmallocCgFrom5_14() throws {
        func activeObjects(_ text: String, _ cache: String) -> Int? {
            text.split(separator: "\n").first { $0.hasPrefix(cache + " ") }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
        }
        let (runner, output) = try runner("v6.12")
        try runner.run(script: "cat /proc/slabinfo\nmkdir /job\nrun --keep /job kmalloc 100 50\ncat /proc/slabinfo", file: "t")
        let text = output()
        let halves = text.components(separatedBy: "slabinfo - version").dropFirst()
        let before = String(halves.first!), after = String(halves.last!)
        #expect(activeObjects(after, "kmalloc-cg-128")! - activeObjects(before, "kmalloc-cg-128")! == 50)
        #expect(activeObjects(after, "kmalloc-128") == activeObjects(before, "kmalloc-128"))
        let (older, olderOutput) = try self.runner("v5.13")
        try older.run(script: "mkdir /job\nrun --keep /job kmalloc 100 50\ncat /proc/slabinfo", file: "t")
        #expect(!olderOutput().contains("kmalloc-cg-"))
    }

    @Test func malformedSlabActionsAreSyntaxErrors() {
        #expect(throws: ScriptError.self) { try ScriptRunner.parser.parse("run /a slab pid 0", file: "t") }
        #expect(throws: ScriptError.self) { try ScriptRunner.parser.parse("run /a kmalloc 100000 1", file: "t") }
        #expect(throws: ScriptError.self) { try ScriptRunner.parser.parse("run /a slab pid", file: "t") }
    }
}
