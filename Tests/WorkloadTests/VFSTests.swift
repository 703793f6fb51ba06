import KernelSim
import Memcg
import Testing
@testable import Workload
import MemcgTestSupport

/// Superblocks, dentries and inodes on their list_lrus, and the shrinker
/// that frees them.
@Suite struct VFSTests {
    private func system(_ listLRU: ListLRUDesign = .lazy, nodes: Int = 1) -> (MemoryController, TaskTable) {
        var design = Design()
        design.listLRU = listLRU
        let controller = testController(design, cpus: 2, nodes: nodes, seed: 3)
        return (controller, TaskTable(controller: controller))
    }

    private func run(_ tasks: TaskTable, _ memcg: MemCgroup, _ action: WorkloadAction, _ args: [String], cpu: Int = 0) throws {
        let task = try tasks.spawn(in: memcg, cpu: cpu)
        defer { tasks.exit(task) }
        try action.perform(tasks, task, args)
    }

    @Test(arguments: ListLRUDesign.allCases)
    func negativeDentriesAreChargedAndSitOnTheLRU(design: ListLRUDesign) throws {
        let (mc, tasks) = system(design)
        let a = try mc.mkdir("/a")
        try tasks.vfs.mount("sb1")
        try run(tasks, a, .dcache, ["100", "--sb", "sb1"])
        let sb = try #require(tasks.vfs.superblock(named: "sb1"))
        #expect(sb.liveDentries == 100)
        #expect(sb.dentryLRU.count(node: 0, memcg: a) == 100)
        #expect(a.memory.usage * PageSize.bytes >= 100 * VirtualFileSystem.dentryBytes, "each dentry is charged")
        #expect(mc.slab.statistics(of: tasks.vfs.dentryCache).activeObjects == 100)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func filesPinTheirInodesUntilTheDentriesArePruned() throws {
        let (mc, tasks) = system()
        let a = try mc.mkdir("/a")
        try run(tasks, a, .files, ["50"])
        let sb = try #require(tasks.vfs.superblock(named: VirtualFileSystem.defaultSuperblock))
        #expect(sb.liveInodes == 50 && sb.dentryLRU.count == 50 && sb.inodeLRU.count == 0)
        #expect(sb.inodeLRU.hasLists(for: a), "lists come with the allocation, not the add")
        // One pass frees the dentries, which puts the inodes on their LRU
        // (the same pass's inode share was computed before: one of them).
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(sb.liveDentries == 0 && sb.liveInodes == 49 && sb.inodeLRU.count(node: 0, memcg: a) == 49)
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(sb.liveInodes == 0)
        #expect(mc.slab.statistics(of: tasks.vfs.inodeCache).activeObjects == 0)
        // Empty now: the bit is cleared at the next call.
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(mc.shrinkers.setBits(a, node: 0).isEmpty)
        #expect(mc.checkInvariants().isEmpty && mc.violations.isEmpty)
    }

    @Test func shrinkingOneMemcgLeavesAnothersObjects() throws {
        let (mc, tasks) = system(nodes: 2)
        let a = try mc.mkdir("/a"), b = try mc.mkdir("/b")
        try run(tasks, a, .dcache, ["40"], cpu: 0)
        try run(tasks, b, .dcache, ["30"], cpu: 1)
        let sb = try #require(tasks.vfs.superblock(named: VirtualFileSystem.defaultSuperblock))
        #expect(sb.dentryLRU.count(node: 0, memcg: a) == 40)
        #expect(sb.dentryLRU.count(node: 1, memcg: b) == 30, "objects are on the node of the CPU that made them")
        mc.shrinkers.shrinkSlab(subtree: a, priority: 0)
        #expect(sb.liveDentries == 30)
        #expect(sb.shrinker.statistics.freed == 40)
    }

    @Test(arguments: ListLRUDesign.allCases)
    func aDyingMemcgsDentriesMoveToItsParentAndAreShrunkThere(design: ListLRUDesign) throws {
        let (mc, tasks) = system(design)
        let a = try mc.mkdir("/a"), b = try mc.mkdir("/a/b")
        try run(tasks, b, .dcache, ["25"])
        try mc.rmdir("/a/b")
        mc.kernel.runUntilIdle()
        let sb = try #require(tasks.vfs.superblock(named: VirtualFileSystem.defaultSuperblock))
        #expect(sb.dentryLRU.count(node: 0, memcg: a) == 25)
        // Under objcg (the default design) the dentries' charges moved to /a
        // with b's objcg, so b does not wait for them.
        #expect(b.state == (mc.design.slabAccounting == .objcg ? .freed : .dying))
        mc.shrinkers.shrinkSlab(memcg: a, node: 0, priority: 0)
        #expect(sb.liveDentries == 0)
        mc.kernel.runUntilIdle()
        #expect(b.state == .freed)
        #expect(mc.checkInvariants().isEmpty && mc.violations.isEmpty)
    }

    @Test(arguments: ListLRUDesign.allCases)
    func umountFreesEverythingAndTheListLRUs(design: ListLRUDesign) throws {
        let (mc, tasks) = system(design, nodes: 2)
        let a = try mc.mkdir("/a")
        try tasks.vfs.mount("data")
        try run(tasks, a, .files, ["20", "--sb", "data"])
        try run(tasks, a, .dcache, ["20", "--sb", "data"], cpu: 1)
        let before = mc.listLRUs.statistics.listLRUs
        try tasks.vfs.umount("data")
        #expect(mc.listLRUs.statistics.listLRUs == before - 2)
        #expect(mc.slab.statistics(of: tasks.vfs.dentryCache).activeObjects == 0)
        #expect(mc.slab.statistics(of: tasks.vfs.inodeCache).activeObjects == 0)
        #expect(mc.shrinkers.registered.isEmpty)
        mc.kernel.runUntilIdle()
        #expect(mc.listLRUs.statistics.bytes == 0)
        #expect(mc.checkInvariants().isEmpty && mc.violations.isEmpty)
    }

    @Test func mountErrorsAreErrnos() throws {
        let (_, tasks) = system()
        try tasks.vfs.mount("x")
        #expect(throws: MemcgError(.EBUSY, "superblock x is already mounted")) { try tasks.vfs.mount("x") }
        #expect(throws: MemcgError.self) { try tasks.vfs.mount("a/b") }
        #expect(throws: MemcgError(.ENOENT, "no superblock y is mounted")) { try tasks.vfs.umount("y") }
        #expect(WorkloadAction.dcache.validate(["-1"]) != nil)
        #expect(WorkloadAction.dcache.validate(["5", "--sb"]) != nil)
        #expect(WorkloadAction.files.validate(["5", "--xx", "s"]) != nil)
        #expect(WorkloadAction.files.validate(["5", "--sb", "s"]) == nil)
        let (mc, tasks2) = system()
        let a = try mc.mkdir("/a")
        #expect(throws: MemcgError(.ENOENT, "no superblock nope is mounted")) {
            try run(tasks2, a, .dcache, ["1", "--sb", "nope"])
        }
    }

    /// At memory.max the charge reclaims, and reclaim runs the memcg's
    /// shrinkers: negative dentries are freed so the lookups go on within
    /// the limit (before reclaim existed in the model, the lookup failed).
    @Test func aChargeOverTheLimitShrinksTheDcacheAndStaysWithinIt() throws {
        let (mc, tasks) = system()
        let a = try mc.mkdir("/a")
        mc.setMax(a, pages: 8)
        try run(tasks, a, .dcache, ["10000"])
        let sb = try #require(tasks.vfs.superblock(named: VirtualFileSystem.defaultSuperblock))
        #expect(sb.liveDentries > 0 && sb.liveDentries < 10_000)
        #expect(sb.dentryLRU.count == sb.liveDentries)
        #expect(a.memory.usage <= 8)
        #expect(a.eventCount(.max) > 0)
        #expect(mc.checkInvariants().isEmpty)
    }
}
