import Foundation
import CgroupFS
import KernelSim
import Memcg
import Workload

/// The reproducer of the "Eliminate Dying Memory Cgroup" series (Muchun
/// Song, Qi Zheng; cover letter of v4, February 2026): cgroups created, a
/// task in each writes 4 KiB of page cache and leaves, the cgroup is
/// removed. How many dying cgroups are left, what they hold, and whether a
/// `memory.reclaim` of the parent and then global memory pressure free them.
struct DyingCgroupsScenario: Scenario {
    let name = "dying-cgroups"
    let summary = "the 2026 series' reproducer: mkdir, write 4 KiB, exit, rmdir, C times; then memory.reclaim, then global pressure"
    var details: String {
        """
        `cycles` times (the cover letter's loop ran 2,001): mkdir /test/tN, a
        task in it writes a 4 KiB file (one page of page cache, charged to
        tN, dirty), the task exits, rmdir /test/tN. The cover letter appends
        4 KiB to one shared file each time, which charges one new page to each
        cycle's cgroup just as a file of its own does. Then three readings of
        /test's cgroup.stat, the memory the dying cgroups hold (their charged
        pages and their own struct mem_cgroup, per-node and per-CPU areas) and
        the memcg IDs in use:
          cycles    right after the last rmdir (and its offline work);
          reclaim   after `memory.reclaim` of /test asking for all of its
                    memory.current; on EAGAIN (reclaim could not get that
                    much: the pages were dirty, and it started their
                    writeback) it is written again a second later, up to
                    `reclaim_tries` writes, EAGAINs counted;
          pressure  after a task in /pressure reads a file of
                    `pressure_percent` % of the machine's memory, so that
                    kswapd and direct reclaim scan every memcg, dying ones too.
        Under offlinePages=none (3.19 to 7.0) nearly every cycle leaves a
        dying cgroup pinned by its one page until reclaim takes that page.
        `memcg host`-style per-cgroup detail: /sys/kernel/debug/memcg/dying.
        """
    }
    /// 4 CPUs and 256 MiB: the pressure phase fills the machine, and a small
    /// machine keeps that quick; the dying cgroups' pages are a few MiB.
    var defaultTopology: Topology { try! Topology(cpus: 4, nodes: 1, memoryBytes: 256 << 20) }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("cycles", default: 2_000, range: 1...200_000, "mkdir/write/exit/rmdir cycles"),
        ScenarioParameter("file_kb", default: 4, range: 1...1_024, "KiB each cycle's task writes"),
        ScenarioParameter("reclaim_tries", default: 2, range: 1...10, "memory.reclaim writes at most, the next one a second after an EAGAIN"),
        ScenarioParameter("pressure_percent", default: 150, range: 0...400, "the pressure file's size, % of the machine's memory (0: no pressure phase)"),
    ]
    static let phases = ["cycles", "reclaim", "pressure"]
    var metrics: [ScenarioMetric] {
        var list: [ScenarioMetric] = []
        for phase in Self.phases {
            list += [
                ScenarioMetric("nr_dying_descendants_\(phase)", "after \(phase): /test's cgroup.stat nr_dying_descendants"),
                ScenarioMetric("nr_dying_subsys_memory_\(phase)", "after \(phase): /test's cgroup.stat nr_dying_subsys_memory"),
                ScenarioMetric("dying_held_bytes_\(phase)", "after \(phase): memory the dying cgroups hold (charged pages, their structures and per-CPU areas)"),
                ScenarioMetric("dying_structure_bytes_\(phase)", "after \(phase): of which their own structures (struct mem_cgroup, per-node, per-CPU)"),
                ScenarioMetric("memcg_ids_in_use_\(phase)", "after \(phase): 16-bit memcg IDs in use"),
            ]
        }
        list += [
            ScenarioMetric("dying_fraction_cycles", "dying cgroups after the cycles over cycles run"),
            ScenarioMetric("reclaim_eagain", "memory.reclaim writes to /test that answered EAGAIN"),
            ScenarioMetric("reclaim_reclaimed_bytes", "what the memory.reclaim write took from /test"),
            ScenarioMetric("pressure_kswapd_runs", "kswapd wake-ups during the pressure phase"),
            ScenarioMetric("virtual_seconds", "virtual time the run took"),
            ScenarioMetric("wall_seconds", "host time the run took"),
            ScenarioMetric("wall_cycles_seconds", "host time the cycles took"),
        ]
        return list
    }

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        ModelFootprint.total([(context[parameter: "cycles"] + 3, ModelFootprint.cgroupBytes(context.topology))]
                             + ModelFootprint.pageTable(context.topology))
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        let started = ContinuousClock.now
        let machine = ScenarioMachine(context)
        let (kernel, mc, tasks, fs) = (machine.kernel, machine.controller, machine.tasks, machine.fs)
        try fs.mkdir("/test")
        let test = try mc.lookup("/test")
        let cycles = context[parameter: "cycles"]
        let bytes = context[parameter: "file_kb"] * 1_024
        var m = ScenarioMetrics()
        func sample(_ phase: String) {
            kernel.runUntilIdle()
            m.set("nr_dying_descendants_\(phase)", test.dyingDescendants)
            m.set("nr_dying_subsys_memory_\(phase)", test.dyingSubsysMemory)
            m.set("dying_held_bytes_\(phase)", mc.dyingCgroupHeldBytes())
            m.set("dying_structure_bytes_\(phase)", mc.dyingCgroups.count * MemcgStructures(cpus: kernel.cpus, nodes: kernel.nodes).totalBytes)
            m.set("memcg_ids_in_use_\(phase)", mc.memcgIDsInUse)
        }

        for index in 0..<cycles {
            let path = "/test/t\(index)"
            try fs.mkdir(path)
            let memcg = try mc.lookup(path)
            let task = try tasks.spawn(in: memcg, cpu: index % kernel.cpus)
            try tasks.accessFile(task, name: "log\(index)", superblock: "rootfs", bytes: bytes, write: true, create: true)
            tasks.exit(task)
            try fs.rmdir(path)
        }
        let cyclesWall = (ContinuousClock.now - started).seconds
        sample("cycles")
        m.set("dying_fraction_cycles", Double(test.dyingDescendants) / Double(cycles))

        let before = test.memory.usage
        var eagain = 0
        for attempt in 0..<context[parameter: "reclaim_tries"] {
            // A retry after EAGAIN waits a second, as a script would: the
            // writeback the first attempt started has completed by then.
            if attempt > 0 { kernel.advance(by: .seconds(1)) }
            do {
                try fs.write("/test/memory.reclaim", "\(test.memory.usage * PageSize.bytes)")
                break
            } catch {
                guard error.errno == .EAGAIN else { throw error }
                eagain += 1
            }
        }
        m.set("reclaim_eagain", eagain)
        m.set("reclaim_reclaimed_bytes", (before - test.memory.usage) * PageSize.bytes)
        sample("reclaim")

        let kswapdBefore = mc.pages.statistics.kswapdRuns
        let pressureBytes = context.topology.memoryBytes / 100 * context[parameter: "pressure_percent"]
        if pressureBytes > 0 {
            try fs.mkdir("/pressure")
            let pressure = try mc.lookup("/pressure")
            let task = try tasks.spawn(in: pressure, cpu: 0)
            // Read in 4 MiB files, so that kswapd (kernel work) runs in
            // between as it would beside a reader that keeps faulting pages in.
            let chunk = 4 << 20
            var done = 0, file = 0
            while done < pressureBytes {
                let size = min(chunk, pressureBytes - done)
                try tasks.accessFile(task, name: "big\(file)", superblock: "rootfs", bytes: size, write: false, create: true)
                done += size
                file += 1
                kernel.advance(by: .milliseconds(1))
            }
            tasks.exit(task)
        }
        m.set("pressure_kswapd_runs", mc.pages.statistics.kswapdRuns - kswapdBefore)
        sample("pressure")
        m.set("virtual_seconds", VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds)
        m.set("wall_seconds", (ContinuousClock.now - started).seconds)
        m.set("wall_cycles_seconds", cyclesWall)
        return m
    }
}
