public import Memcg
import KernelSim

/// The tasks of the simulated system: fork, attach (`cgroup.procs`),
/// the work they do, and exit.
public final class TaskTable {
    public let controller: MemoryController
    @exclusivity(unchecked) public private(set) var tasks: [Int: SimTask] = [:]
    /// Live pids in ascending order (pids only grow, so appending keeps it sorted).
    @exclusivity(unchecked) public private(set) var livePIDs: [Int] = []
    @exclusivity(unchecked) private var nextPID = 1_000

    /// THREAD_SIZE on x86_64: every task and thread has a 16 KiB kernel stack.
    public static let kernelStackBytes = 16 * 1_024

    /// The filesystems tasks use (dentries, inodes); created on first use.
    package private(set) lazy var vfs = VirtualFileSystem(controller: controller)

    /// Page-cache files tasks read and write; created on first use.
    package private(set) lazy var pageCache = PageCache(controller: controller)
    /// The task whose action is running (`current`), if any.
    public internal(set) var current: SimTask?
    /// Background actions (`run --nowait`) not yet waited for, by number.
    @exclusivity(unchecked) package internal(set) var jobs: [BackgroundJob] = []
    @exclusivity(unchecked) var nextJobNumber = 1

    public init(controller: MemoryController) {
        self.controller = controller
        controller.setOOMKiller { [unowned self] domain in self.outOfMemory(domain: domain) }
    }

    public func task(_ pid: Int) throws(MemcgError) -> SimTask {
        guard let task = tasks[pid] else { throw MemcgError(.ESRCH, "no task with pid \(pid)") }
        return task
    }

    /// Live pids in a cgroup, ascending (what `cgroup.procs` lists).
    public func pids(in memcg: MemCgroup) -> [Int] {
        livePIDs.filter { tasks[$0]!.cgroup === memcg }
    }

    /// fork: a new task in `memcg`, with its kernel stack charged there.
    /// `cpu` defaults to spreading tasks round-robin over the CPUs.
    public func spawn(in memcg: MemCgroup, cpu: Int? = nil) throws(MemcgError) -> SimTask {
        guard memcg.isOnline else { throw MemcgError(.ENOENT, "cgroup \(memcg.path) is being removed") }
        try checkNoInternalProcesses(memcg)
        let kernel = controller.kernel
        let chosenCPU = cpu ?? (nextPID % kernel.cpus)
        guard (0..<kernel.cpus).contains(chosenCPU) else {
            throw MemcgError(.EINVAL, "cpu \(chosenCPU) does not exist (cpus 0-\(kernel.cpus - 1))")
        }
        let task = SimTask(pid: nextPID, cpu: chosenCPU, memcg: memcg)
        try onCPU(task) { () throws(MemcgError) in try chargeStack(task) }
        nextPID += 1
        tasks[task.pid] = task
        livePIDs.append(task.pid)
        controller.attachTask(to: memcg)
        return task
    }

    /// Starts `count` more threads in the task, each with a kernel stack.
    func spawnThreads(_ task: SimTask, count: Int) throws(MemcgError) {
        try perform(threadSteps(task, count: count), as: task)
    }

    /// `count` threads, a unit each.
    func threadSteps(_ task: SimTask, count: Int) -> ActionSteps {
        ActionSteps(count: count) { [unowned(unsafe) self] _ throws(MemcgError) in
            try chargeStack(task)
            task.extraThreads += 1
        }
    }

    /// A write of the pid to `cgroup.procs`: moves the task. Memory it
    /// already holds stays charged where it was.
    public func attach(_ pid: Int, to memcg: MemCgroup) throws(MemcgError) {
        let task = try task(pid)
        guard memcg.isOnline else { throw MemcgError(.ENOENT, "cgroup \(memcg.path) is being removed") }
        try checkNoInternalProcesses(memcg)
        guard task.cgroup !== memcg else { return }
        controller.detachTask(from: task.cgroup)
        task.cgroup = memcg
        controller.attachTask(to: memcg)
    }

    /// Allocates anonymous memory one page at a time, as page faults do,
    /// each page charged and queued for the anon LRU. On ENOMEM the pages
    /// charged so far stay with the task.
    public func allocateAnon(_ task: SimTask, bytes: Int, mlocked: Bool = false) throws(MemcgError) {
        try perform(anonSteps(task, bytes: bytes, mlocked: mlocked), as: task)
    }

    /// The page faults of `bytes` of anonymous memory, a unit a page.
    func anonSteps(_ task: SimTask, bytes: Int, mlocked: Bool) -> ActionSteps {
        // Rounded up without `bytes + PageSize.bytes - 1`, which overflows near Int.max.
        let pages = bytes / PageSize.bytes + (bytes % PageSize.bytes == 0 ? 0 : 1)
        return ActionSteps(count: pages) { [unowned(unsafe) self] _ throws(MemcgError) in
            // Counted on entry to the fault, as handle_mm_fault does: a
            // fault that ends in the OOM killer counts too.
            controller.countPageFault(task.memcg)
            let id = try controller.pages.allocatePage(memcg: task.memcg, node: controller.kernel.currentNode,
                                                       kind: mlocked ? .mlockedAnon : .anon,
                                                       mapping: UInt32(truncatingIfNeeded: task.pid),
                                                       index: UInt32(truncatingIfNeeded: task.anonPageIDs.count))
            task.anonPageIDs.append(id)
            faulted(task)
        }
    }

    /// After each page: its cost; past a charge batch of pages over
    /// memory.high the task reclaims and is throttled at once, as
    /// `try_charge_memcg` does, otherwise when it returns to user space.
    func faulted(_ task: SimTask) {
        task.owedTime = task.owedTime + controller.kernel.costs.pageFault
        if controller.pagesOverHigh > controller.design.chargeBatch.pages {
            task.owedTime = task.owedTime + controller.handleOverHigh(task.memcg)
        }
    }

    /// exit: frees the task's memory and kernel stacks, detaches it.
    ///
    /// The task is gone (detached, out of the table) before it pays the
    /// time its exit took: kernel events that run meanwhile, a job's
    /// `task_exit` or an OOM kill among them, must not exit it again.
    public func exit(_ task: SimTask) {
        guard !task.exiting, !task.hasExited else { return }
        task.exiting = true
        onCPU(task) {
            for id in task.anonPageIDs { controller.pages.freePage(id) }
            task.anonPageIDs = []
            for (memcg, pages) in task.sockCharges { controller.unchargeSock(memcg, pages: pages) }
            task.sockCharges = []
            for memcg in task.stackCharges {
                controller.uncharge(kernelBytes: Self.kernelStackBytes, from: memcg, as: .kernelStack)
            }
            task.stackCharges = []
            for object in task.slabObjects { controller.kmem.free(object) }
            task.slabObjects = []
            task.hasExited = true
            controller.detachTask(from: task.cgroup)
            tasks[task.pid] = nil
            if let index = livePIDs.firstIndex(of: task.pid) { livePIDs.remove(at: index) }
        }
    }

    /// cgroup v2's rule: a non-root cgroup that distributes a controller to
    /// its children cannot hold processes itself.
    private func checkNoInternalProcesses(_ memcg: MemCgroup) throws(MemcgError) {
        guard memcg.isRoot || !memcg.subtreeControlMemory else {
            throw MemcgError(.EBUSY, "\(memcg.path) distributes memory to children: no internal processes")
        }
    }

    private func chargeStack(_ task: SimTask) throws(MemcgError) {
        try controller.chargeKernelBytes(task.memcg, Self.kernelStackBytes, as: .kernelStack)
        task.stackCharges.append(task.memcg)
    }

    /// Runs `body` as the task (`current`) on its CPU. When the outermost
    /// call ends, the task pays the virtual time its work took (page
    /// faults, reclaim, throttling), and a task the OOM killer chose exits.
    func onCPU<T, E: Error>(_ task: SimTask, _ body: () throws(E) -> T) throws(E) -> T {
        let kernel = controller.kernel
        let saved = kernel.currentCPU
        let savedTask = current
        kernel.currentCPU = task.cpu
        current = task
        // Pages over memory.high are counted per task (`current->memcg_nr_pages_over_high`).
        if savedTask == nil { controller.clearPagesOverHigh() }
        defer {
            kernel.currentCPU = saved
            current = savedTask
            if savedTask == nil {
                let owed = returnToUser(task)
                if owed > .zero { kernel.advance(by: owed) }
            }
        }
        return try body()
    }

    /// The end of a task's system call or fault: it dies if the OOM killer
    /// chose it, and otherwise reclaims if it went over memory.high.
    /// Returns the time its work and throttling took, which it sleeps.
    func returnToUser(_ task: SimTask) -> VirtualDuration {
        if task.oomKilled, !task.exiting { exit(task) }
        if controller.pagesOverHigh > 0, !task.exiting {
            task.owedTime = task.owedTime + controller.handleOverHigh(task.memcg)
        }
        let owed = task.owedTime + controller.pages.takeOwedTime()
        task.owedTime = .zero
        return owed
    }
}
