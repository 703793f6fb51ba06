import KernelSim
import Memcg
import Testing
@testable import Workload
import MemcgTestSupport

@Suite struct TaskTableTests {
    private func system() throws -> (MemoryController, TaskTable, MemCgroup) {
        let mc = testController { $0.memcgMetadata = .unaccounted }
        return (mc, TaskTable(controller: mc), try mc.mkdir("/a"))
    }

    @Test func everyTaskAndThreadHasAChargedKernelStack() throws {
        let (mc, tasks, a) = try system()
        let task = try tasks.spawn(in: a, cpu: 2)
        try tasks.spawnThreads(task, count: 3)
        #expect(a.kernelMemoryBytes(.kernelStack) == 4 * TaskTable.kernelStackBytes)
        #expect(a.taskCount == 1)
        tasks.exit(task)
        #expect(KernelMemoryKind.allCases.allSatisfy { a.kernelMemoryBytes($0) == 0 })
        #expect(a.taskCount == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func memoryStaysChargedWhereItWasAfterAMove() throws {
        let (mc, tasks, a) = try system()
        let b = try mc.mkdir("/b")
        let task = try tasks.spawn(in: a, cpu: 0)
        try tasks.allocateAnon(task, bytes: 10 * PageSize.bytes)
        try tasks.attach(task.pid, to: b)
        try tasks.allocateAnon(task, bytes: 2 * PageSize.bytes)
        #expect(a.anonPages == 10)
        #expect(b.anonPages == 2)
        #expect(tasks.pids(in: b) == [task.pid])
        tasks.exit(task)
        #expect(a.anonPages == 0 && b.anonPages == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    /// Anon that cannot be reclaimed (no swap) ends in the memcg OOM
    /// killer; the allocating task is the only one, so it dies: its fault
    /// fails with ENOMEM and its memory is freed.
    @Test func anAllocationOverTheLimitEndsInTheOOMKiller() throws {
        let (mc, tasks, a) = try system()
        mc.setMax(a, pages: 8)
        let task = try tasks.spawn(in: a, cpu: 1)
        #expect(throws: MemcgError.self) { try tasks.allocateAnon(task, bytes: 64 * PageSize.bytes) }
        #expect(task.oomKilled && task.hasExited)
        #expect(a.anonPages == 0)
        #expect(a.eventCount(.oomKill) == 1)
        #expect(mc.checkInvariants().isEmpty)
    }

    /// A task pays the time its fault took when it returns to user space,
    /// and work on other CPUs runs meanwhile; whoever ran the task goes on
    /// on its own CPU, not on the CPU of the last event that ran.
    @Test func theCallerKeepsItsCPUAfterTheTaskPaysItsTime() throws {
        let (mc, tasks, a) = try system()
        var ranOnOtherCPU = 0
        mc.kernel.every(.nanoseconds(10), on: 2, "other-cpu", { ranOnOtherCPU += 1 })
        mc.kernel.currentCPU = 3
        let task = try tasks.spawn(in: a, cpu: 1)
        try tasks.allocateAnon(task, bytes: 4 * PageSize.bytes)
        #expect(ranOnOtherCPU > 0)
        #expect(mc.kernel.currentCPU == 3)
    }

    @Test func actionsValidateTheirArguments() {
        #expect(WorkloadAction.anon.validate(["10M"]) == nil)
        #expect(WorkloadAction.anon.validate(["lots"]) != nil)
        #expect(WorkloadAction.threads.validate(["-1"]) != nil)
        #expect(WorkloadAction.parseSize("2G") == 2 << 30)
        #expect(WorkloadAction.parseSize("9223372036854775807K") == nil)
        // Decimal, unlike the kernel's memparse of control-file writes.
        #expect(WorkloadAction.parseSize("010") == 10)
        #expect(WorkloadAction.parseSize("0x10") == nil)
    }
}
