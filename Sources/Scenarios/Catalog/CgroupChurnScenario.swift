import Foundation
import CgroupFS
import KernelSim
import Memcg

/// Short-lived jobs, each in its own cgroup, that leave a few pages behind
/// (page cache nobody reclaims): how many dying cgroups pile up, what they
/// cost their parent, and whether memcg IDs run out.
struct CgroupChurnScenario: Scenario {
    let name = "cgroup-churn"
    let summary = "many short-lived cgroups that leave pages behind: dying cgroups, their cost, ID exhaustion"
    var details: String {
        """
        `cgroups` jobs run one after another under /jobs. Each job's cgroup is
        created, a task in it charges `pages` anonymous pages and frees them,
        `leftover_pages` pages stay charged (like page cache nobody reclaims,
        which pins the cgroup after rmdir), the task exits and the cgroup is
        removed. Virtual time advances `gap_us` between jobs, so offline work
        and grace periods run. With memcgIDRelease=atRelease (v3.18) the dying
        cgroups keep their IDs and mkdir fails with ENOSPC past 65,535; later
        designs keep going, and since 5.9 every dying cgroup's own structures
        stay charged to /jobs. Every mkdir+rmdir pair is timed on the host, so
        wall_pairs_per_second is the model's cgroup churn rate.
        """
    }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("cgroups", default: 100_000, range: 1...10_000_000, "jobs, each in its own cgroup"),
        ScenarioParameter("pages", default: 16, range: 0...1_000_000, "anonymous pages a job charges and frees"),
        ScenarioParameter("leftover_pages", default: 1, range: 0...1_000_000, "pages a job leaves charged behind"),
        ScenarioParameter("gap_us", default: 100, range: 0...60_000_000, "virtual microseconds between jobs"),
        ScenarioParameter("series_points", default: 0, range: 0...1_000, "record dying cgroups and /jobs memory at this many evenly spaced jobs (0: none)"),
    ]
    let metrics: [ScenarioMetric] = [
        ScenarioMetric("jobs_started", "cgroups created"),
        ScenarioMetric("mkdir_enospc", "mkdir failures with ENOSPC (memcg IDs exhausted)"),
        ScenarioMetric("dying_cgroups", "cgroups removed but not freed at the end (nr_dying_descendants of /jobs)"),
        ScenarioMetric("memcg_ids_in_use", "16-bit memcg IDs held at the end"),
        ScenarioMetric("jobs_current_bytes", "memory.current of /jobs at the end"),
        ScenarioMetric("jobs_percpu_bytes", "memory.stat percpu of /jobs: dying children's per-CPU areas"),
        ScenarioMetric("jobs_kernel_bytes", "memory.stat kernel of /jobs"),
        ScenarioMetric("virtual_seconds", "virtual time the run took"),
        ScenarioMetric("wall_seconds", "host time the run took"),
        ScenarioMetric("wall_pairs_per_second", "mkdir+rmdir pairs per host second, the jobs' other work included"),
        ScenarioMetric("series_virtual_seconds_N", "with series_points: virtual time after N jobs"),
        ScenarioMetric("series_dying_cgroups_N", "with series_points: dying cgroups under /jobs after N jobs"),
        ScenarioMetric("series_jobs_current_bytes_N", "with series_points: memory.current of /jobs after N jobs"),
    ]

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        // Jobs that leave pages behind stay dying; without them a job's
        // cgroup is freed soon after it goes, and few exist at once.
        let resident = context[parameter: "leftover_pages"] > 0 ? context[parameter: "cgroups"] : min(context[parameter: "cgroups"], 1_000)
        return ModelFootprint.total([(resident, ModelFootprint.cgroupBytes(context.topology))])
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        let started = ContinuousClock.now
        let kernel = context.makeKernel()
        let mc = MemoryController(kernel: kernel, design: context.design)
        let jobs = try mc.mkdir("/jobs")
        let pages = context[parameter: "pages"]
        let leftover = context[parameter: "leftover_pages"]
        let gap = VirtualDuration.microseconds(UInt64(context[parameter: "gap_us"]))
        var jobsStarted = 0, enospc = 0
        let total = context[parameter: "cgroups"]
        let checkpoints = SeriesCheckpoints(total: total, points: context[parameter: "series_points"])
        var series: [(jobs: Int, seconds: Double, dying: Int, bytes: Int)] = []
        func record(_ jobs: Int) {
            guard checkpoints.isCheckpoint(jobs) else { return }
            series.append((jobs, VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds,
                           dyingUnderJobs(), jobsBytes()))
        }
        func dyingUnderJobs() -> Int { jobs.dyingDescendants }
        func jobsBytes() -> Int { jobs.memory.usage * PageSize.bytes }
        for index in 0..<total {
            kernel.currentCPU = index % kernel.cpus
            guard let job = try mkdirCountingENOSPC(mc, "/jobs/j\(index)", &enospc) else {
                kernel.advance(by: gap)
                record(index + 1)
                continue
            }
            jobsStarted += 1
            if pages > 0 {
                try mc.chargeAnon(job, pages: pages)
                mc.unchargeAnon(job, pages: pages)
            }
            if leftover > 0 { try mc.chargeAnon(job, pages: leftover) }
            try mc.rmdir(job.path)
            kernel.advance(by: gap)
            record(index + 1)
        }
        kernel.runUntilIdle()
        let wall = (ContinuousClock.now - started).seconds
        var m = ScenarioMetrics()
        m.set("jobs_started", jobsStarted)
        m.set("mkdir_enospc", enospc)
        m.set("dying_cgroups", jobs.dyingDescendants)
        m.set("memcg_ids_in_use", mc.memcgIDsInUse)
        m.set("jobs_current_bytes", jobs.memory.usage * PageSize.bytes)
        mc.stats.flushAll()
        m.set("jobs_percpu_bytes", mc.statValue(jobs, .percpu))
        m.set("jobs_kernel_bytes", mc.statValue(jobs, .kernel))
        m.set("virtual_seconds", VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds)
        m.set("wall_seconds", wall)
        m.set("wall_pairs_per_second", wall > 0 ? (Double(jobsStarted) / wall).rounded() : 0)
        for point in series {
            m.set("series_virtual_seconds_\(point.jobs)", point.seconds)
            m.set("series_dying_cgroups_\(point.jobs)", point.dying)
            m.set("series_jobs_current_bytes_\(point.jobs)", point.bytes)
        }
        return m
    }

    /// mkdir, or nil (counted) when the memcg IDs are exhausted.
    private func mkdirCountingENOSPC(_ mc: MemoryController, _ path: String, _ enospc: inout Int) throws(MemcgError) -> MemCgroup? {
        do {
            return try mc.mkdir(path)
        } catch {
            guard error.errno == .ENOSPC else { throw error }
            enospc += 1
            return nil
        }
    }
}
