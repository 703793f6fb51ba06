import KernelSim
import Memcg
@testable import Scenarios
import Testing

/// dying-cgroups and long-running-host: the shape of their figures, and the
/// same figures for the same seed.
@Suite struct DyingCgroupScenarioTests {
    private func run(_ name: String, _ preset: String, _ params: [String], memory: Int, cpus: Int = 4) throws -> ScenarioMetrics {
        let scenario = try ScenarioRunner.scenario(named: name)
        let topology = try Topology(cpus: cpus, nodes: 1, memoryBytes: memory)
        let context = ScenarioContext(designName: preset, design: try Preset.named(preset).design, seed: 5, topology: topology,
                                      costs: CostModel(), parameters: try ScenarioRunner.parameters(for: scenario, params))
        return try ScenarioRunner.run(scenario, context: context).metrics
    }

    /// Pages keep their dying memcg (offlinePages none): every cycle leaves
    /// a dying cgroup; reclaim of the parent, then global pressure, free them.
    @Test func everyCycleLeavesADyingCgroupUntilReclaimTakesItsPage() throws {
        let params = ["cycles=300", "pressure_percent=150"]
        let m = try run("dying-cgroups", "v6.12", params, memory: 64 << 20)
        #expect(m["nr_dying_descendants_cycles"]! >= 285)  // nearly every cycle
        #expect(m["nr_dying_subsys_memory_cycles"] == m["nr_dying_descendants_cycles"])
        let structures = Double(MemcgStructures(cpus: 4, nodes: 1).totalBytes)
        #expect(m["dying_held_bytes_cycles"]! >= m["nr_dying_descendants_cycles"]! * (structures + Double(PageSize.bytes)))
        #expect(m["memcg_ids_in_use_cycles"] == 2)  // 4.8+: IDs go back at offline
        #expect(m["nr_dying_descendants_reclaim"]! < m["nr_dying_descendants_cycles"]!)
        #expect(m["nr_dying_descendants_pressure"] == 0)
        #expect(m["dying_held_bytes_pressure"] == 0)
        #expect(try run("dying-cgroups", "v6.12", params, memory: 64 << 20).modelFigures == m.modelFigures)
    }

    /// Under next (offlinePages objcg) the page cache is spliced to the
    /// parent at offline: no dying cgroup is left even before reclaim.
    @Test func underObjcgReparentingNoneRemainBeforeReclaim() throws {
        let m = try run("dying-cgroups", "next", ["cycles=300", "pressure_percent=0"], memory: 64 << 20)
        #expect(m["nr_dying_descendants_cycles"] == 0)
        #expect(m["nr_dying_subsys_memory_cycles"] == 0)
        #expect(m["dying_held_bytes_cycles"] == 0)
        #expect(m["memcg_ids_in_use_cycles"] == 2)
    }

    @Test func before48TheDyingCgroupsKeepTheirIDs() throws {
        let m = try run("dying-cgroups", "v3.18", ["cycles=100", "pressure_percent=0"], memory: 64 << 20)
        #expect(m["memcg_ids_in_use_cycles"] == m["nr_dying_descendants_cycles"]! + 2)
    }

    /// Two days of jobs on a small host: one reading a day, the first
    /// after the first batch; the figures repeat for the seed.
    @Test func theHostSeriesHasOneReadingADayAndRepeats() throws {
        let params = ["days=2", "jobs_per_interval=4", "interval_minutes=60", "job_cache_kb=16", "job_files=2", "service_mb_per_hour=8"]
        let m = try run("long-running-host", "v6.12", params, memory: 96 << 20)
        #expect(m["jobs_started"] == Double(4 * (2 * 24 + 1)))
        #expect(m["day_dying_cgroups_0"] == 4)
        for day in 0...2 { #expect(m["day_dying_held_bytes_\(day)"] != nil) }
        #expect(m["day_dying_cgroups_3"] == nil)
        #expect(m["mkdir_enospc"] == 0)
        #expect(try run("long-running-host", "v6.12", params, memory: 96 << 20).modelFigures == m.modelFigures)
    }

    /// With swap and tmpfs left behind, the removed cgroups' swap entries
    /// keep their memcg IDs in use.
    @Test func swapEntriesOfRemovedJobsKeepTheirIDs() throws {
        let params = ["days=1", "jobs_per_interval=4", "interval_minutes=120", "job_cache_kb=0", "job_files=0",
                      "job_shmem_kb=16", "service_mb_per_hour=64", "swap_mb=64"]
        let m = try run("long-running-host", "v6.12", params, memory: 32 << 20)
        #expect(m["swap_entries_of_dying"]! > 0)
        #expect(m["memcg_ids_in_use"]! > 3)
        let withoutSwap = try run("long-running-host", "v6.12", params.dropLast() + ["swap_mb=0"], memory: 32 << 20)
        #expect(withoutSwap["memcg_ids_in_use"] == 3)
    }

    /// Under a memory.max its tmpfs does not fit, a job is reclaimed while
    /// it runs: its tmpfs is swapped out while the cgroup is online, so every
    /// job leaves its ID held after removal (what brings ENOSPC back at
    /// 65,535 at scale); without the limit the entries are written after
    /// offline, against the parent, and hold no job's ID.
    @Test func aJobReclaimedWhileItRunsLeavesItsIDHeldBySwap() throws {
        let params = ["days=1", "jobs_per_interval=4", "interval_minutes=120", "job_shmem_kb=96", "service_mb_per_hour=0", "swap_mb=64"]
        let limited = try run("long-running-host", "v6.12", params + ["job_memory_max_kb=64"], memory: 64 << 20)
        let jobs = try #require(limited["jobs_started"])
        #expect(jobs == 4 * 13)
        // Every removed job's ID (and /kubepods, /system, the root's).
        #expect(limited["memcg_ids_in_use"] == jobs + 3)
        #expect(limited["mkdir_enospc"] == 0)
        #expect(limited["first_enospc_virtual_hours"] == nil)
        let unlimited = try run("long-running-host", "v6.12", params, memory: 64 << 20)
        #expect(unlimited["memcg_ids_in_use"]! < jobs / 2)
    }
}
