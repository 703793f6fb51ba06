public import Memcg
public import Workload
import KernelSim

/// The cgroup v2 filesystem of the memory controller: paths, control-file
/// formats and errno, over a `MemoryController` and its tasks.
///
/// Every operation either succeeds or throws a `MemcgError` and changes
/// nothing. Operations that take cgroup_mutex in the kernel wait (by
/// running the simulation) while it is held, as a shell would hang.
public final class CgroupFS {
    public let controller: MemoryController
    public let tasks: TaskTable
    /// Handles that wrote a memory.peak or memory.swap.peak and are still
    /// open (the memcg's `memory_peaks` and `swap_peaks` lists).
    var peakWatchers: [OpenFile] = []

    public init(controller: MemoryController, tasks: TaskTable) {
        self.controller = controller
        self.tasks = tasks
        controller.reservedNames = Set(ControlFile.allCases.map(\.rawValue)).union(Self.pageFileNames)
    }

    public func mkdir(_ path: String) throws(MemcgError) {
        controller.waitForCgroupMutex()
        defer { spend(kernel.costs.cgroupSyscall) }
        try controller.mkdir(path)
    }

    public func rmdir(_ path: String) throws(MemcgError) {
        controller.waitForCgroupMutex()
        defer { spend(kernel.costs.cgroupSyscall) }
        try controller.rmdir(path)
    }

    var kernel: Kernel { controller.kernel }

    /// A system call takes virtual time; what falls due meanwhile (grace
    /// periods, offline work) runs, as it would while the caller is in the kernel.
    func spend(_ duration: VirtualDuration) {
        kernel.advance(by: duration)
    }

    /// Reads a control file, e.g. `/a/memory.current`.
    public func read(_ path: String) throws(MemcgError) -> String {
        defer { spend(kernel.costs.controlFileAccess) }
        try checkMemoryFileExists(path)
        if let text = try readKmemFile(path) { return text }
        if let text = readDebugFile(path) { return text }
        if let text = try readPageFile(path) { return text }
        let (memcg, file) = try resolve(path)
        switch file {
        case .cgroupProcs:
            return tasks.pids(in: memcg).map { "\($0)\n" }.joined()
        case .cgroupStat:
            return Self.cgroupStatText(memcg)
        case .cgroupSubtreeControl:
            return memcg.subtreeControlMemory ? "memory\n" : "\n"
        case .cgroupControllers:
            return memcg.hasMemoryController ? "memory\n" : "\n"
        case .memoryCurrent:
            return "\(memcg.memory.usage * PageSize.bytes)\n"
        case .memoryPeak:
            return "\(memcg.memory.watermark * PageSize.bytes)\n"
        case .memoryMax:
            return MemParse.limitText(pages: memcg.memory.max) + "\n"
        case .memoryHigh:
            return MemParse.limitText(pages: memcg.memory.high) + "\n"
        case .memoryStat:
            // Reads that walk the subtree (before 5.2) load more than one
            // counter per line, and take the time.
            let extra = controller.stats.memoryStatExtraCounters(memcg.statsSlot)
            if extra > 0 { spend(kernel.costs.statCounterRead * UInt64(extra)) }
            return controller.memoryStat(memcg)
        case .memoryNumaStat:
            return controller.numaStat(memcg)
        case .memoryEvents, .memoryEventsLocal:
            let local = file == .memoryEventsLocal
            return MemoryEvent.allCases.map { "\($0.key) \(memcg.eventCount($0, local: local))\n" }.joined()
        }
    }

    /// Writes a control file. The value may end in a newline, as `echo` leaves it.
    public func write(_ path: String, _ value: String) throws(MemcgError) {
        defer { spend(kernel.costs.controlFileAccess) }
        try checkMemoryFileExists(path)
        try rejectKmemFileWrite(path)
        try rejectDebugFileWrite(path)
        if let (memcg, counter) = try peakFile(path) {
            // open, write, close: the reset of a handle that does not stay.
            if !value.isEmpty { resetPeak(memcg, counter, writer: nil) }
            return
        }
        if try writePageFile(path, value) { return }
        let (memcg, file) = try resolve(path)
        guard file.isWritable else {
            throw MemcgError(.EACCES, "\(file.rawValue) is read-only")
        }
        let text = value.trimmingWhitespace()
        switch file {
        case .memoryMax, .memoryHigh:
            guard let pages = MemParse.pages(text) else {
                throw MemcgError(.EINVAL, "\(file.rawValue): expected 'max' or a size such as 100M, got \(UserText.quoted(text))")
            }
            if file == .memoryMax {
                controller.setMax(memcg, pages: pages)
            } else {
                controller.setHigh(memcg, pages: pages)
            }
        case .cgroupProcs:
            // kstrtoint(buf, 0, &pid) || pid < 0: -EINVAL (cgroup_procs_write_start).
            guard let pid = MemParse.kstrtoint(text), pid >= 0 else {
                throw MemcgError(.EINVAL, "cgroup.procs: expected a pid (decimal, 0x hex or 0 octal), got \(UserText.quoted(text))")
            }
            // Pid 0 is the writer itself in the kernel; a script is no task of the model.
            guard pid > 0 else {
                throw MemcgError(.ESRCH, "cgroup.procs: pid 0 moves the writing process, which is not a task of the model; write a task's pid")
            }
            try tasks.attach(Int(pid), to: memcg)
        case .cgroupSubtreeControl:
            try writeSubtreeControl(memcg, text)
        default:
            throw MemcgError(.EACCES, "\(file.rawValue) is read-only")
        }
    }

    /// The controllers a kernel may have compiled in (`ss->name` of
    /// include/linux/cgroup_subsys.h): writing one of them is a valid
    /// request even when it cannot be granted.
    static let kernelControllerNames: Set<Substring> = [
        "cpuset", "cpu", "cpuacct", "io", "memory", "devices", "freezer", "net_cls", "perf_event",
        "net_prio", "hugetlb", "pids", "rdma", "misc",
    ]

    /// `cgroup_subtree_control_write`: every token is parsed first (a
    /// token without `+`/`-` or naming no controller is EINVAL); then a
    /// controller the cgroup itself does not have is ENOENT (only memory is
    /// modelled, so every other controller is unavailable), `-memory` while
    /// a child has `+memory` in its own file is EBUSY, and `+memory` on a
    /// non-root cgroup with tasks is EBUSY (`cgroup_vet_subtree_control_enable`).
    /// Later tokens win over earlier ones for the same controller.
    private func writeSubtreeControl(_ memcg: MemCgroup, _ text: String) throws(MemcgError) {
        var memoryRequest: Bool?
        var unavailable: Substring?
        for token in text.split(whereSeparator: { $0 == " " }) {
            let name = token.dropFirst()
            guard Self.kernelControllerNames.contains(name), let sign = token.first, sign == "+" || sign == "-" else {
                throw MemcgError(.EINVAL, "cgroup.subtree_control: expected +CONTROLLER or -CONTROLLER with a controller's name, got \(UserText.quoted(token))")
            }
            if name == "memory" {
                memoryRequest = sign == "+"
            } else if sign == "+" {
                unavailable = unavailable ?? name
            }
        }
        if let unavailable {
            throw MemcgError(.ENOENT, "cgroup.subtree_control: controller \(UserText.quoted(unavailable)) is not available in \(memcg.path) (only memory is modelled)")
        }
        // Asking for the state the file is in changes nothing (a cgroup never
        // written passes memory down implicitly, so `-memory` still acts).
        guard let enable = memoryRequest, enable ? !memcg.subtreeControlMemory : !memcg.subtreeControlMemoryRemoved else { return }
        if enable {
            guard memcg.hasMemoryController else {
                throw MemcgError(.ENOENT, "cgroup.subtree_control: memory is not available in \(memcg.path): its parent does not pass it down")
            }
            if !memcg.isRoot, memcg.taskCount > 0 {
                throw MemcgError(.EBUSY, "\(memcg.path) has tasks: a cgroup that distributes to children cannot hold processes")
            }
        } else if let child = memcg.children.values.sorted(by: { $0.serial < $1.serial }).first(where: \.subtreeControlMemory) {
            throw MemcgError(.EBUSY, "cgroup.subtree_control: \(child.path) has memory in its own subtree_control; remove it there first")
        }
        controller.setSubtreeControlMemory(memcg, enable)
    }

    /// A memory.* file of a cgroup that does not have the memory controller
    /// does not exist.
    private func checkMemoryFileExists(_ path: String) throws(MemcgError) {
        guard let slash = path.lastIndex(of: "/"), path[path.index(after: slash)...].hasPrefix("memory.") else { return }
        let dir = slash == path.startIndex ? "/" : String(path[..<slash])
        guard let memcg = try? controller.lookup(dir), !memcg.hasMemoryController else { return }
        throw MemcgError(.ENOENT, "no file \(UserText.quoted(path)): \(memcg.path) does not have the memory controller (its parent's cgroup.subtree_control has -memory)")
    }

    /// Splits `/a/b/memory.max` into the cgroup and the file.
    func resolve(_ path: String) throws(MemcgError) -> (MemCgroup, ControlFile) {
        guard let slash = path.lastIndex(of: "/") else {
            throw MemcgError(.EINVAL, "control file path \(UserText.quoted(path)) must start with /")
        }
        let dir = slash == path.startIndex ? "/" : String(path[..<slash])
        let name = String(path[path.index(after: slash)...])
        let memcg = try controller.lookup(dir)
        guard let file = ControlFile(rawValue: name), !memcg.isRoot || file.existsOnRoot else {
            throw MemcgError(.ENOENT, "no file \(UserText.quoted(path))")
        }
        if file == .memoryNumaStat, !controller.design.memoryStat.hasNumaStat {
            throw MemcgError(.ENOENT, "no file \(UserText.quoted(path)): cgroup v2 has memory.numa_stat from 5.10 (design memoryStat=\(controller.design.memoryStat.rawValue))")
        }
        return (memcg, file)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (strstrip).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
