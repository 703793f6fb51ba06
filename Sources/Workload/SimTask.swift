public import Memcg
import KernelSim

/// A task (a process with its threads) in the simulated system.
///
/// Memory a task allocates is charged to the cgroup it is in at the time
/// and stays charged there if the task moves, as on cgroup v2.
public final class SimTask {
    public let pid: Int
    /// The CPU the task runs on; its charges and statistics land there.
    public let cpu: Int
    /// The cgroup the task is in (`cgroup.procs`).
    @exclusivity(unchecked) public internal(set) var cgroup: MemCgroup
    /// The memcg the task's allocations are charged to: its cgroup's, or
    /// the nearest ancestor's that has the memory controller.
    public var memcg: MemCgroup { cgroup.memoryOwner }
    /// Threads besides the main one; each has its own kernel stack.
    @exclusivity(unchecked) var extraThreads = 0
    @exclusivity(unchecked) public internal(set) var hasExited = false

    /// Anonymous pages (each record knows its memcg), mlocked ones included.
    @exclusivity(unchecked) var anonPageIDs: [PageID] = []
    /// Socket buffers, per the cgroup they were charged to.
    @exclusivity(unchecked) var sockCharges: [(memcg: MemCgroup, pages: Int)] = []
    /// `/proc/PID/oom_score_adj`: -1000 (never killed) ... 1000.
    @exclusivity(unchecked) package internal(set) var oomScoreAdj = 0
    /// Whether the OOM killer chose this task.
    @exclusivity(unchecked) public internal(set) var oomKilled = false
    @exclusivity(unchecked) var exiting = false
    /// Time the task owes from its current action: faults, reclaim, throttling.
    @exclusivity(unchecked) var owedTime = VirtualDuration.zero
    /// Kernel stacks, per the cgroup each was charged to.
    @exclusivity(unchecked) var stackCharges: [MemCgroup] = []
    /// Slab objects the task holds (freed at exit).
    @exclusivity(unchecked) var slabObjects: [SlabObject] = []

    init(pid: Int, cpu: Int, memcg: MemCgroup) {
        self.pid = pid
        self.cpu = cpu
        self.cgroup = memcg
    }

    /// Anonymous memory the task holds, in pages (resident or swapped).
    public var anonPages: Int { anonPageIDs.count }
}
