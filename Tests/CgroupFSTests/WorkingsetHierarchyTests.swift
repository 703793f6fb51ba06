import CgroupFS
import KernelSim
import Memcg
import Testing

/// workingset_eviction / workingset_refault over a subtree (6.12
/// mm/workingset.c): the shadow names the reclaim's target, the refault
/// distance is measured on its clock against its workingset counted over
/// its descendants, and a shadow whose memcg ID was released activates
/// nothing.
@Suite struct WorkingsetHierarchyTests {
    private func run(_ text: String, settings: [String] = []) throws -> (error: ScriptError?, output: String) {
        var output = ""
        var design = try Preset.named("v6.12").design
        try design.apply(settings: settings)
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: design) { output += $0 }
        do {
            try runner.run(script: text, file: "t.memcg", checkingInvariants: true)
            return (nil, output)
        } catch {
            return (error, output)
        }
    }

    private static let setup = """
        mkdir /p
        echo +memory > /p/cgroup.subtree_control
        mkdir /p/a
        mkdir /p/b
        run /p/a pagecache 8M --file hot
        run /p/a read hot
        run /p/a read hot
        run /p/a pagecache 4M --file cold
        expect /p/a/memory.stat active_file > 4M

        """

    /// The parent's reclaim evicts from the child; the parent has no pages
    /// of its own, so only a workingset counted over its descendants (the
    /// child's active file pages) lets the refault activate.
    @Test func aPageAParentsReclaimEvictedFromAChildActivatesOnRefault() throws {
        let (error, _) = try run(Self.setup + """
            write /p/memory.reclaim 2M
            run /p/a read cold
            expect /p/a/memory.stat workingset_refault_file > 0
            expect /p/a/memory.stat workingset_activate_file > 0
            expect /p/memory.stat workingset_activate_file > 0
            """)
        #expect(error == nil, "\(String(describing: error))")
    }

    /// Refaulted from another cgroup: counted where the page is charged
    /// now, decided where it was evicted.
    @Test func aRefaultIsCountedOnTheRefaultingMemcg() throws {
        let (error, _) = try run(Self.setup + """
            write /p/memory.reclaim 2M
            run /p/b read cold
            expect /p/b/memory.stat workingset_refault_file > 0
            expect /p/b/memory.stat workingset_activate_file > 0
            expect /p/a/memory.stat workingset_refault_file == 0
            """)
        #expect(error == nil, "\(String(describing: error))")
    }

    /// 6.12 releases a memcg's ID at offline: the shadow's memcg can no
    /// longer be found, so the refault counts but does not activate. With
    /// IDs held until release (memcgIDRelease=atRelease) the dying memcg,
    /// which its remaining pages keep, still decides.
    @Test func aShadowOfARemovedMemcgActivatesNothingOnceItsIDIsGone() throws {
        let script = Self.setup + """
            write /p/a/memory.reclaim 2M
            rmdir /p/a
            settle
            run /p/b read cold
            expect /p/b/memory.stat workingset_refault_file > 0
            """
        let (error, _) = try run(script + "\nexpect /p/b/memory.stat workingset_activate_file == 0\n")
        #expect(error == nil, "\(String(describing: error))")
        let (held, _) = try run(script + "\nexpect /p/b/memory.stat workingset_activate_file > 0\n", settings: ["memcgIDRelease=atRelease"])
        #expect(held == nil, "\(String(describing: held))")
    }
}
