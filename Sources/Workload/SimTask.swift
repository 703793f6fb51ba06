public import Memcg

/// A task (a process with its threads) in the simulated system.
///
/// Memory a task allocates is charged to the cgroup it is in at the time
/// and stays charged there if the task moves, as on cgroup v2.
public final class SimTask {
    public let pid: Int
    /// The CPU the task runs on; its charges and statistics land there.
    public let cpu: Int
    @exclusivity(unchecked) public internal(set) var memcg: MemCgroup
    /// Threads besides the main one; each has its own kernel stack.
    @exclusivity(unchecked) public internal(set) var extraThreads = 0
    @exclusivity(unchecked) public internal(set) var hasExited = false

    /// Anonymous pages, per the cgroup they were charged to.
    @exclusivity(unchecked) var anonCharges: [(memcg: MemCgroup, pages: Int)] = []
    /// Kernel stacks, per the cgroup each was charged to.
    @exclusivity(unchecked) var stackCharges: [MemCgroup] = []
    /// Slab objects the task holds (freed at exit).
    @exclusivity(unchecked) var slabObjects: [SlabObject] = []

    init(pid: Int, cpu: Int, memcg: MemCgroup) {
        self.pid = pid
        self.cpu = cpu
        self.memcg = memcg
    }

    /// Anonymous memory the task holds, in pages.
    public var anonPages: Int { anonCharges.reduce(0) { $0 + $1.pages } }
}
