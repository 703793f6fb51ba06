import Foundation
import KernelSim
import Memcg
import Workload

/// Cgroups of four kinds on a machine too small for all of them: what
/// each kind kept, scanned and lost to reclaim, the OOM kills, and whether
/// memory.low held.
struct ReclaimPressureScenario: Scenario {
    let name = "reclaim-pressure"
    let summary = "mixed anon, page cache and slab under memory.max/high/low on a machine that forces global reclaim"
    var details: String {
        """
        `cgroups` cgroups under /work take turns, for `rounds` rounds, at
        their kind's work (cgroup i is of kind i mod 4):
          max   anon: a task keeps `anon_mb` MiB of anonymous memory per
                round, under memory.max of 1.5 x anon_mb; older tasks stay,
                so the limit ends in the OOM killer (no swap unless swap_mb > 0);
          high  page cache: reads `file_mb` MiB of a new file each round,
                under memory.high of 2 x file_mb: reclaimed on return to user;
          low   page cache and slab: rereads one file of `file_mb` MiB and
                creates 200 files (inodes, dentries), memory.low of file_mb;
          none  page cache, no limits: reads a new file each round.
        The machine's memory (--memory, default 512M here) is smaller than
        what they ask for together, so kswapd and direct reclaim run. The
        figures per kind are sums over its cgroups; `low_honoured` counts the
        `low` cgroups that still hold at least their memory.low at the end.
        """
    }
    var defaultTopology: Topology { try! Topology(cpus: 4, nodes: 1, memoryBytes: 512 << 20) }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("cgroups", default: 8, range: 4...400, "cgroups under /work (kinds max, high, low, none in turn)"),
        ScenarioParameter("rounds", default: 6, range: 1...1_000, "rounds of work, every cgroup once a round"),
        ScenarioParameter("anon_mb", default: 16, range: 1...4_096, "MiB of anon a `max` cgroup's task keeps per round"),
        ScenarioParameter("file_mb", default: 32, range: 1...4_096, "MiB of page cache a file cgroup reads per round"),
        ScenarioParameter("swap_mb", default: 0, range: 0...65_536, "MiB of swap (0: none)"),
    ]
    static let kinds = ["max", "high", "low", "none"]
    var metrics: [ScenarioMetric] {
        var list: [ScenarioMetric] = []
        for kind in Self.kinds {
            list.append(ScenarioMetric("\(kind)_kept_bytes", "memory.current of the \(kind) cgroups at the end"))
            list.append(ScenarioMetric("\(kind)_pgscan", "pages reclaim scanned in the \(kind) cgroups"))
            list.append(ScenarioMetric("\(kind)_pgsteal", "pages reclaim took from the \(kind) cgroups"))
            list.append(ScenarioMetric("\(kind)_refaults", "page-cache refaults in the \(kind) cgroups"))
            list.append(ScenarioMetric("\(kind)_oom_kills", "tasks the OOM killer killed in the \(kind) cgroups"))
        }
        list += [
            ScenarioMetric("pgsteal_kswapd", "pages kswapd reclaimed, all cgroups"),
            ScenarioMetric("pgsteal_direct", "pages direct and limit reclaim took, all cgroups"),
            ScenarioMetric("kswapd_wakeups", "times kswapd was woken"),
            ScenarioMetric("low_events", "memory.events low of the low cgroups: protection broken"),
            ScenarioMetric("low_honoured", "low cgroups holding at least memory.low at the end"),
            ScenarioMetric("high_events", "memory.events high of the high cgroups"),
            ScenarioMetric("free_bytes", "free memory of the machine at the end"),
            ScenarioMetric("virtual_seconds", "virtual time the run took"),
            ScenarioMetric("wall_seconds", "host time the run took"),
        ]
        return list
    }

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        // The cgroups, and a page record for every frame of the machine
        // (page cache fills it) and every swap slot.
        ModelFootprint.total([(context[parameter: "cgroups"] + 2, ModelFootprint.cgroupBytes(context.topology))]
                             + ModelFootprint.pageTable(context.topology, swapBytes: context[parameter: "swap_mb"] << 20))
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        let started = ContinuousClock.now
        let machine = ScenarioMachine(context)
        let (kernel, mc, tasks) = (machine.kernel, machine.controller, machine.tasks)
        let work = try machine.memoryParent("/work")
        let mib = 1 << 20
        let anon = context[parameter: "anon_mb"] * mib
        let file = context[parameter: "file_mb"] * mib
        if context[parameter: "swap_mb"] > 0 { try mc.pages.swapon(bytes: context[parameter: "swap_mb"] * mib) }
        var groups: [(memcg: MemCgroup, kind: Int)] = []
        for index in 0..<context[parameter: "cgroups"] {
            let memcg = try mc.mkdir("/work/c\(index)")
            let kind = index % 4
            switch kind {
            case 0: mc.setMax(memcg, pages: anon * 3 / 2 / PageSize.bytes)
            case 1: mc.setHigh(memcg, pages: 2 * file / PageSize.bytes)
            case 2: mc.setLow(memcg, pages: file / PageSize.bytes)
            default: break
            }
            groups.append((memcg, kind))
        }
        for round in 0..<context[parameter: "rounds"] {
            for (index, group) in groups.enumerated() {
                let task = try tasks.spawn(in: group.memcg, cpu: index % kernel.cpus)
                do {
                    switch group.kind {
                    case 0:
                        try tasks.allocateAnon(task, bytes: anon)
                        continue  // the task stays: its anon accumulates until the OOM killer acts
                    case 1:
                        try tasks.accessFile(task, name: "r\(round)", superblock: "c\(index)", bytes: file, write: false, create: true)
                    case 2:
                        try tasks.accessFile(task, name: "hot", superblock: "c\(index)", bytes: file, write: false, create: true)
                        try tasks.vfs.createFiles(200, on: nil, memcg: group.memcg, node: kernel.currentNode)
                    default:
                        try tasks.accessFile(task, name: "r\(round)", superblock: "c\(index)", bytes: file, write: round % 2 == 1, create: true)
                    }
                } catch {
                    guard error.errno == .ENOMEM else { throw error }
                }
                tasks.exit(task)
            }
            kernel.advance(by: .milliseconds(10))
        }
        kernel.runUntilIdle()
        mc.stats.flushAll()
        var m = ScenarioMetrics()
        for (kind, name) in Self.kinds.enumerated() {
            let members = groups.filter { $0.kind == kind }.map(\.memcg)
            m.set("\(name)_kept_bytes", members.reduce(0) { $0 + $1.memory.usage } * PageSize.bytes)
            m.set("\(name)_pgscan", members.reduce(Int64(0)) { $0 + mc.statTruth($1, .pgscan) })
            m.set("\(name)_pgsteal", members.reduce(Int64(0)) { $0 + mc.statTruth($1, .pgsteal) })
            m.set("\(name)_refaults", members.reduce(Int64(0)) { $0 + mc.statTruth($1, .workingsetRefaultFile) })
            m.set("\(name)_oom_kills", members.reduce(0) { $0 + $1.eventCount(.oomKill) })
        }
        m.set("pgsteal_kswapd", mc.statTruth(work, .pgstealKswapd))
        m.set("pgsteal_direct", mc.statTruth(work, .pgstealDirect))
        m.set("kswapd_wakeups", mc.pages.statistics.kswapdRuns)
        let low = groups.filter { $0.kind == 2 }.map(\.memcg)
        m.set("low_events", low.reduce(0) { $0 + $1.eventCount(.low) })
        m.set("low_honoured", low.count { $0.memory.usage >= ($0.pageState?.low ?? 0) })
        m.set("high_events", groups.filter { $0.kind == 1 }.reduce(0) { $0 + $1.memcg.eventCount(.high) })
        m.set("free_bytes", mc.pages.host.totalFree * PageSize.bytes)
        m.set("virtual_seconds", VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds)
        m.set("wall_seconds", (ContinuousClock.now - started).seconds)
        return m
    }
}
