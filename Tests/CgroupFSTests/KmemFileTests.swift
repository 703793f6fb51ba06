import CgroupFS
import KernelSim
import Memcg
import Testing

/// /proc/slabinfo and memory.kmem.slabinfo through the filesystem and the
/// script language.
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
            cat /job/memory.kmem.slabinfo
            """, file: "t")
        let text = output()
        #expect(text.contains("slabinfo - version: 2.1\n# name "))
        // memory.kmem.slabinfo lists the child; /proc/slabinfo folds it
        // into the root's line (memcg_accumulate_slabinfo).
        #expect(text.contains("\npid(1:job) "))
        #expect(text.components(separatedBy: "pid(1:job)").count == 2)
        #expect(text.contains("\npid "))
    }

    @Test func underObjcgThereAreNoChildCaches() throws {
        let (runner, output) = try runner("v6.12")
        try runner.run(script: """
            mkdir /job
            run --keep /job slab pid 5
            cat /proc/slabinfo
            cat /job/memory.kmem.slabinfo
            """, file: "t")
        let text = output()
        #expect(!text.contains("(1:job)"))
        #expect(text.contains("\npid "))
        #expect(runner.fs.controller.checkInvariants().isEmpty)
    }

    @Test func malformedSlabActionsAreSyntaxErrors() {
        #expect(throws: ScriptError.self) { try ScriptRunner.parser.parse("run /a slab pid 0", file: "t") }
        #expect(throws: ScriptError.self) { try ScriptRunner.parser.parse("run /a kmalloc 100000 1", file: "t") }
        #expect(throws: ScriptError.self) { try ScriptRunner.parser.parse("run /a slab pid", file: "t") }
    }
}
