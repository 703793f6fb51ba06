import CgroupFS
import KernelSim
import Memcg
import Workload

/// Chooses the next random operation from the state of the system.
///
/// The generator has its own random stream, split from the seed, so the
/// choices do not depend on how many numbers the kernel drew. Every
/// operation is a script command, so a run can be written out and replayed.
struct FuzzWorkload {
    private var random: SimRandom
    private var nextName = 0
    private let maxDepth = 4
    private let maxLive = 48
    private let cpus: Int
    /// The handles this run has open (`open @H`), by name, with their paths.
    private(set) var handles: [(name: String, path: String)] = []
    private var nextHandle = 0
    private let maxHandles = 4
    /// Jobs not yet waited for, beyond which the next job operation waits.
    private let maxJobs = 6

    init(seed: UInt64, cpus: Int) {
        var base = SimRandom(seed: seed ^ 0x5EED_F022)
        random = base.split()
        self.cpus = cpus
    }

    mutating func next(controller: MemoryController, tasks: TaskTable) -> ScriptCommand {
        let cgroups = controller.onlineCgroups
        let nonRoot = Array(cgroups.dropFirst())
        let pids = tasks.livePIDs
        let roll = random.uniform(below: 144)
        if roll >= 132 { return nextBackgroundOperation(roll - 132, nonRoot: nonRoot, controller: controller, tasks: tasks) }
        if roll >= 116 { return nextPageOperation(roll - 116, nonRoot: nonRoot, tasks: tasks) }
        if roll >= 100 { return nextFilesystemOperation(roll - 100, cgroups: cgroups, nonRoot: nonRoot, tasks: tasks) }
        switch roll {
        case 0..<14 where nonRoot.count < maxLive:
            let parent = pick(cgroups.filter { $0.depth < maxDepth })
            nextName += 1
            return .mkdir(join(parent, "c\(nextName)"))
        case 0..<22:
            guard let victim = pickOptional(nonRoot.filter { $0.children.isEmpty }) else { return .settle }
            return .rmdir(victim.path)
        case 22..<40:
            guard let target = pickOptional(nonRoot) else { return .advance(.milliseconds(1)) }
            let keep = random.chance(0.6)
            let cpu = random.index(below: cpus)
            if random.chance(0.15) {
                return .run(cgroup: target.path, keep: keep, cpu: cpu, action: "threads", arguments: [String(random.int(in: 1...8))])
            }
            // Slab objects the task keeps (through child caches or objcgs).
            if random.chance(0.3) {
                let cache = pick(KmemBootCaches.all).name
                return .run(cgroup: target.path, keep: keep, cpu: cpu, action: "slab", arguments: [cache, String(random.int(in: 1...300))])
            }
            if random.chance(0.15) {
                let size = pick([8, 24, 64, 100, 192, 500, 1_024, 3_000, 8_192])
                return .run(cgroup: target.path, keep: keep, cpu: cpu, action: "kmalloc", arguments: [String(size), String(random.int(in: 1...100))])
            }
            return .run(cgroup: target.path, keep: keep, cpu: cpu, action: "anon", arguments: ["\(random.int(in: 1...96))K"])
        case 40..<48:
            guard let pid = pickOptional(pids) else { return .step(1) }
            return .kill(pid: pid)
        case 48..<53:
            guard let pid = pickOptional(pids), let target = pickOptional(nonRoot) else { return .step(2) }
            return .write(path: target.path + "/cgroup.procs", value: String(pid))
        case 53..<60:
            guard let target = pickOptional(nonRoot) else { return .step(1) }
            // A cgroup over memory.high reclaims and is throttled on every
            // return to user space, which dominates a campaign's time: high
            // is set less often than max, above most usage, and lifted often.
            let file = random.chance(0.75) ? "memory.max" : "memory.high"
            let isHigh = file == "memory.high"
            let value = random.chance(isHigh ? 0.5 : 0.3) ? "max" : "\(random.int(in: isHigh ? 1_024...8_192 : 16...2_048))K"
            return .write(path: target.path + "/" + file, value: value)
        case 60..<64:
            guard let target = pickOptional(nonRoot.filter { $0.children.isEmpty && $0.taskCount == 0 }) else { return .step(1) }
            return .write(path: target.path + "/cgroup.subtree_control", value: random.chance(0.5) ? "+memory" : "-memory")
        case 64..<72:
            if random.chance(0.1) { return .cat(CgroupFS.procSlabinfoPath) }
            let target = pick(cgroups)
            let files = target.isRoot ? ["cgroup.stat", "cgroup.procs", "memory.stat"]
                : ["memory.current", "memory.events", "cgroup.stat", "memory.peak", "memory.stat", "memory.numa_stat", CgroupFS.kmemSlabinfoFile]
            return .cat(target.path == "/" ? "/" + pick(files) : target.path + "/" + pick(files))
        case 72..<86:
            return .step(random.int(in: 1...6))
        case 86..<97:
            return .advance(.microseconds(UInt64(random.int(in: 1...40_000))))
        default:
            return .settle
        }
    }

    /// Superblocks come and go, tasks fill their dcaches, reclaim shrinks.
    private mutating func nextFilesystemOperation(_ roll: UInt64, cgroups: [MemCgroup], nonRoot: [MemCgroup],
                                                  tasks: TaskTable) -> ScriptCommand {
        let mounted = tasks.vfs.superblocks.map(\.name)
        switch roll {
        case 0..<3:
            let name = "sb\(random.int(in: 1...4))"
            return mounted.contains(name) ? .umount(name) : .mount(name)
        case 3..<11:
            guard let target = pickOptional(nonRoot) else { return .mount("sb1") }
            let action = random.chance(0.6) ? "dcache" : "files"
            var arguments = [String(random.int(in: 1...64))]
            if let sb = pickOptional(mounted), random.chance(0.8) { arguments += ["--sb", sb] }
            return .run(cgroup: target.path, keep: random.chance(0.2), cpu: random.index(below: cpus), action: action, arguments: arguments)
        default:
            return .shrink(cgroup: pick(cgroups).path, priority: random.chance(0.5) ? 0 : random.int(in: 0...12))
        }
    }

    /// Page cache, locked and socket memory, protection, proactive
    /// reclaim, swap, the OOM killer's knobs.
    private mutating func nextPageOperation(_ roll: UInt64, nonRoot: [MemCgroup], tasks: TaskTable) -> ScriptCommand {
        guard let target = pickOptional(nonRoot) else { return .step(1) }
        let cpu = random.index(below: cpus)
        let file = "f\(random.int(in: 1...6))"
        switch roll {
        case 0..<4:
            var arguments = ["\(random.int(in: 1...256))K", "--file", file]
            if random.chance(0.3) { arguments.append("--write") }
            return .run(cgroup: target.path, keep: random.chance(0.2), cpu: cpu, action: "pagecache", arguments: arguments)
        case 4..<6:
            return .run(cgroup: target.path, keep: false, cpu: cpu, action: "read", arguments: [file])
        case 6:
            return .run(cgroup: target.path, keep: false, cpu: cpu, action: "unlink", arguments: [file])
        case 7:
            let action = random.chance(0.5) ? "mlock" : "sock"
            return .run(cgroup: target.path, keep: random.chance(0.5), cpu: cpu, action: action, arguments: ["\(random.int(in: 1...64))K"])
        case 8..<10:
            let knob = pick(["memory.min", "memory.low", "memory.swap.max"])
            let value = random.chance(0.3) ? "max" : "\(random.int(in: 0...1_024))K"
            return .write(path: target.path + "/" + knob, value: value)
        case 10..<12:
            return .write(path: target.path + "/memory.reclaim", value: "\(random.int(in: 4...512))K")
        case 12:
            return .write(path: target.path + "/memory.oom.group", value: random.chance(0.5) ? "1" : "0")
        case 13:
            guard let pid = pickOptional(tasks.livePIDs) else { return .swapon(64 << 20) }
            return .write(path: "/proc/\(pid)/oom_score_adj", value: String(pick([-1_000, -500, 0, 500, 1_000])))
        default:
            return .cat(target.path + "/" + pick(["memory.swap.current", "memory.swap.events", "memory.min", "memory.numa_stat"]))
        }
    }

    /// Jobs that run while other operations do (`run --nowait`, `wait`),
    /// a task touching its anonymous memory again (swap-in once swap is
    /// on), and memory.peak / memory.swap.peak through open handles with
    /// their per-handle reset: 12 rolls of 144, 3 for jobs, 3 for touch
    /// and 6 for handles, which cost next to nothing.
    private mutating func nextBackgroundOperation(_ roll: UInt64, nonRoot: [MemCgroup], controller: MemoryController,
                                                  tasks: TaskTable) -> ScriptCommand {
        switch roll {
        case 0..<3:
            let jobs = tasks.jobs
            if !jobs.isEmpty && (jobs.count >= maxJobs || random.chance(0.4)) {
                let roll = random.uniform(below: 10)
                if roll == 0 { return .wait(.all) }
                let job = pick(jobs)
                return roll < 4 ? .wait(.job(job.number)) : .wait(.pid(job.task.pid))
            }
            guard let target = pickOptional(nonRoot) else { return .step(1) }
            // Jobs stay small (at most 16 pages or 100 objects): a campaign's
            // time goes mostly to charges that reclaim at memory.max, and
            // bigger jobs, and the memory kept jobs hold, multiply them.
            let keep = random.chance(0.2)
            let cpu = random.index(below: cpus)
            let kind = random.uniform(below: 10)
            if kind < 5 {
                return .start(cgroup: target.path, keep: keep, cpu: cpu, action: "anon", arguments: ["\(random.int(in: 1...64))K"])
            }
            if kind < 8 {
                let file = "f\(random.int(in: 1...6))"
                return .start(cgroup: target.path, keep: keep, cpu: cpu, action: "pagecache", arguments: ["\(random.int(in: 1...64))K", "--file", file])
            }
            let cache = pick(KmemBootCaches.all).name
            return .start(cgroup: target.path, keep: keep, cpu: cpu, action: "slab", arguments: [cache, String(random.int(in: 1...100))])
        case 3..<6:
            // Swap comes on in most runs (after some 20 of these rolls on
            // average), so touches swap pages in; swap on from the start
            // makes every charge at memory.max reclaim anon, which costs
            // more than the OOM kill without swap.
            if controller.pages.swap == nil && random.chance(0.05) { return .swapon(pick([16, 64, 256]) << 20) }
            let withAnon = tasks.livePIDs.filter { (try? tasks.task($0).anonPages) ?? 0 > 0 }
            guard let pid = pickOptional(withAnon) else {
                guard let target = pickOptional(nonRoot) else { return .step(1) }
                return .run(cgroup: target.path, keep: true, cpu: random.index(below: cpus), action: "anon", arguments: ["\(random.int(in: 4...32))K"])
            }
            return .touch(pid: pid, bytes: random.chance(0.5) ? nil : random.int(in: 1...64) * 1_024)
        default:
            if handles.isEmpty || (handles.count < maxHandles && random.chance(0.3)) {
                guard let target = pickOptional(nonRoot) else { return .step(1) }
                nextHandle += 1
                // Now and then a file with no per-handle state: reads and
                // writes pass through to the file itself.
                let file = random.chance(0.9) ? pick(["memory.peak", "memory.swap.peak"]) : pick(["memory.current", "memory.max"])
                return .open(handle: "@h\(nextHandle)", path: target.path + "/" + file)
            }
            let handle = pick(handles)
            // A handle on a removed cgroup answers ENODEV: that is tried
            // now and then, but mostly such a handle is closed.
            let directory = String(handle.path[..<(handle.path.lastIndex(of: "/") ?? handle.path.endIndex)])
            if (try? controller.lookup(directory)) == nil && random.chance(0.8) { return .close(handle: handle.name) }
            switch random.uniform(below: 10) {
            case 0..<4:
                let isLimit = handle.path.hasSuffix("/memory.max")
                return .write(path: handle.name, value: isLimit ? "max" : "reset")
            case 4..<8:
                return .cat(handle.name)
            default:
                return .close(handle: handle.name)
            }
        }
    }

    /// What a command did, for the state the generator keeps: a handle is
    /// open once `open` succeeded, and not after any `close`.
    mutating func record(_ command: ScriptCommand, succeeded: Bool) {
        switch command {
        case .open(let name, let path) where succeeded:
            handles.append((name, path))
        case .close(let name):
            handles.removeAll { $0.name == name }
        default:
            break
        }
    }

    private func join(_ parent: MemCgroup, _ name: String) -> String {
        parent.isRoot ? "/" + name : parent.path + "/" + name
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[random.index(below: items.count)] }

    private mutating func pickOptional<T>(_ items: [T]) -> T? { items.isEmpty ? nil : pick(items) }
}
