import KernelSim
import Memcg
import Testing
import Workload
import MemcgTestSupport

/// Tasks that allocate slab objects keep them until they exit.
@Suite struct SlabActionTests {
    @Test(arguments: [SlabAccounting.perMemcgCaches, .objcg])
    func objectsAreFreedAtExit(accounting: SlabAccounting) throws {
        var design = Design()
        design.slabAccounting = accounting
        let mc = testController(design)
        let tasks = TaskTable(controller: mc)
        let job = try mc.mkdir("/job")
        let task = try tasks.spawn(in: job, cpu: 0)
        try tasks.allocateSlab(task, cache: "pid", count: 10)
        mc.kernel.runUntilIdle()
        try tasks.allocateSlab(task, cache: "pid", count: 10)
        try tasks.kmallocObjects(task, size: 100, count: 3)
        #expect(task.slabObjectCount == 23)
        #expect(throws: MemcgError.self) { try tasks.allocateSlab(task, cache: "nope", count: 1) }
        tasks.exit(task)
        try mc.rmdir("/job")
        mc.kernel.runUntilIdle()
        #expect(job.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
    }

    /// Slab objects cannot be reclaimed without a shrinker, so the charge
    /// ends in the memcg OOM killer, which kills the allocating task: its
    /// allocation fails with ENOMEM and its objects are freed at exit.
    @Test func theOOMKillerEndsATaskWhoseSlabCannotFit() throws {
        var design = Design()
        design.slabAccounting = .objcg
        let mc = testController(design)
        let tasks = TaskTable(controller: mc)
        let job = try mc.mkdir("/job")
        let task = try tasks.spawn(in: job, cpu: 0)
        mc.setMax(job, pages: job.memory.usage + 1)
        mc.drainAllStocks()
        #expect(throws: MemcgError.self) { try tasks.allocateSlab(task, cache: "signal_cache", count: 1_000) }
        #expect(task.oomKilled && task.hasExited)
        #expect(task.slabObjectCount == 0)
        #expect(job.eventCount(.oomKill) == 1 && job.eventCount(.oom) >= 1)
        #expect(mc.checkInvariants().isEmpty)
    }
}
