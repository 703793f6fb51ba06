import Foundation
import KernelSim
import Memcg
import Workload

/// A host that runs cron-like jobs for days, each job in a cgroup of its
/// own, as Kubernetes cronjobs do: the dying cgroups they leave behind and
/// the memory lost to them, day by day, under light memory pressure.
struct LongRunningHostScenario: Scenario {
    let name = "long-running-host"
    let summary = "cron-like jobs for days (50 every 5 minutes, 16 CPUs): dying cgroups and the memory they hold, day by day"
    var details: String {
        """
        Every `interval_minutes` of virtual time, `jobs_per_interval` jobs
        start together, each in its own cgroup under /kubepods (the shape of
        the 2018 linux-mm reports of Kubernetes cronjobs leaving dying memory
        cgroups behind): a task reads `job_cache_kb` KiB of a file of its own
        (page cache that stays after it exits) and creates half of its
        `job_files` files on the shared filesystem (dentries and inodes,
        charged to the job), runs `job_seconds` seconds (long enough for
        per-memcg slab caches to be created, before 5.9), creates the other
        half, exits, and the cgroup is removed. A long-lived service in /system reads
        `service_mb_per_hour` MiB of new data an hour, so that once memory
        is full kswapd reclaims a little all the time: light pressure. The
        run lasts `days` days; an interval after the first batch (day 0) and
        after the first batch of each following day (day N) the scenario records the dying cgroups (/kubepods's nr_dying_descendants),
        the memory they hold (their charged pages and their own structures,
        per-CPU areas included), the memcg IDs in use and the mkdir calls
        refused with ENOSPC.

        Swap: with `swap_mb` > 0 a swap device is added, and with
        `job_shmem_kb` > 0 each job also leaves that much tmpfs (shared
        memory, swap-backed) behind. Reclaim swaps it out; a swap entry
        written before the job's offline keeps the removed cgroup's memcg ID
        until it is freed, in every design, so IDs pile up again as they did
        before 4.8 released them at offline (and mkdir fails with ENOSPC once
        65,535 are held); one written after the offline gave the ID back is
        recorded against the nearest ancestor with a live ID
        (mem_cgroup_id_get_online) and holds none of the job's. With
        `job_memory_max_kb` > 0 each job runs under that memory.max (a pod's
        limit): a job whose tmpfs does not fit is reclaimed while it runs, so
        its tmpfs is swapped out while the cgroup is online and every such
        job leaves its memcg ID held by swap after its removal; with enough
        jobs the IDs run out at the kernel's 65,535 and mkdir fails with
        ENOSPC (first_enospc_*: when, in virtual time and batches).

        Published reference, for holding beside the model's series (never
        part of it): Roman Gushchin's "mm: reparent slab memory on cgroup
        removal" (2019) reported average dying memcgs on web front-ends
        over days 0-7 of 56, 362, 628, 752, 1,070, 1,250, 1,490, 1,560
        without the series and 23, 46, 51, 55, 60, 57, 67, 69 with it. The
        hosts and their jobs are not the model's: compare the shapes.
        """
    }
    var defaultTopology: Topology { try! Topology(cpus: 16, nodes: 1, memoryBytes: 2 << 30) }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("days", default: 7, range: 1...60, "virtual days to run"),
        ScenarioParameter("jobs_per_interval", default: 50, range: 1...10_000, "jobs started every interval"),
        ScenarioParameter("interval_minutes", default: 5, range: 1...1_440, "virtual minutes between batches of jobs"),
        ScenarioParameter("job_cache_kb", default: 64, range: 0...65_536, "KiB of page cache each job reads and leaves behind"),
        ScenarioParameter("job_seconds", default: 30, range: 0...59, "virtual seconds each job runs (under a minute: less than the interval)"),
        ScenarioParameter("job_files", default: 8, range: 0...10_000, "files (dentry and inode) each job creates"),
        ScenarioParameter("job_shmem_kb", default: 0, range: 0...65_536, "KiB of tmpfs each job leaves behind (swap-backed)"),
        ScenarioParameter("job_memory_max_kb", default: 0, range: 0...1_048_576, "KiB of memory.max for each job (0: no limit)"),
        ScenarioParameter("service_mb_per_hour", default: 64, range: 0...65_536, "MiB of new page cache the long-lived service reads an hour"),
        ScenarioParameter("swap_mb", default: 0, range: 0...65_536, "MiB of swap (0: none)"),
    ]
    var metrics: [ScenarioMetric] {
        [
            ScenarioMetric("jobs_started", "jobs whose cgroup was created"),
            ScenarioMetric("mkdir_enospc", "jobs refused by mkdir with ENOSPC (memcg IDs exhausted)"),
            ScenarioMetric("first_enospc_virtual_hours", "virtual hours from the start to the first mkdir refused with ENOSPC (absent if none was)"),
            ScenarioMetric("first_enospc_batch", "the batch of jobs (0 is the first) whose mkdir first failed with ENOSPC (absent if none did)"),
            ScenarioMetric("first_enospc_jobs_started", "jobs created before the first ENOSPC (absent if none)"),
            ScenarioMetric("dying_cgroups", "dying cgroups under /kubepods at the end"),
            ScenarioMetric("dying_held_bytes", "memory the dying cgroups hold at the end (charged pages and own structures)"),
            ScenarioMetric("memcg_ids_in_use", "memcg IDs in use at the end"),
            ScenarioMetric("swap_entries_of_dying", "swap entries charged to dying cgroups at the end"),
            ScenarioMetric("kswapd_runs", "kswapd wake-ups"),
            ScenarioMetric("free_bytes", "free memory at the end"),
            ScenarioMetric("day_dying_cgroups_N", "dying cgroups under /kubepods on day N, an interval after its first batch (day 0: the run's first)"),
            ScenarioMetric("day_dying_held_bytes_N", "memory the dying cgroups hold on day N"),
            ScenarioMetric("day_memcg_ids_in_use_N", "memcg IDs in use on day N"),
            ScenarioMetric("day_mkdir_enospc_N", "mkdir ENOSPC refusals up to day N"),
            ScenarioMetric("virtual_seconds", "virtual time the run took"),
            ScenarioMetric("wall_seconds", "host time the run took"),
            ScenarioMetric("wall_jobs_per_second", "jobs per host second"),
        ]
    }

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        let intervals = context[parameter: "days"] * 1_440 / context[parameter: "interval_minutes"]
        let jobs = intervals * context[parameter: "jobs_per_interval"]
        let frames = context.topology.memoryBytes / PageSize.bytes
        let swapSlots = context[parameter: "swap_mb"] << 20 / PageSize.bytes
        let shmem = jobs * ((context[parameter: "job_shmem_kb"] + 3) / 4)
        // Dying cgroups are bounded by the jobs; each job's dentries and
        // inodes take about a cgroup's worth of model memory per 64.
        return ModelFootprint.total([(jobs + 3, ModelFootprint.cgroupBytes(context.topology)),
                                     (frames + shmem, UInt64(PageTable.bytesPerPage)), (swapSlots, 6),
                                     (jobs * context[parameter: "job_files"], 96)])
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        let started = ContinuousClock.now
        let kernel = context.makeKernel()
        let mc = MemoryController(kernel: kernel, design: context.design)
        let tasks = TaskTable(controller: mc)
        if context[parameter: "swap_mb"] > 0 { try mc.pages.swapon(bytes: context[parameter: "swap_mb"] << 20) }
        let kubepods = try mc.mkdir("/kubepods")
        let system = try mc.mkdir("/system")
        let interval = VirtualDuration.seconds(UInt64(context[parameter: "interval_minutes"]) * 60)
        let intervalsPerDay = 1_440 / context[parameter: "interval_minutes"]
        let days = context[parameter: "days"]
        let jobsPerInterval = context[parameter: "jobs_per_interval"]
        let cacheBytes = context[parameter: "job_cache_kb"] * 1_024
        let files = context[parameter: "job_files"]
        let shmemPages = (context[parameter: "job_shmem_kb"] * 1_024 + PageSize.bytes - 1) / PageSize.bytes
        let serviceBytesPerInterval = context[parameter: "service_mb_per_hour"] << 20 * context[parameter: "interval_minutes"] / 60
        let jobDuration = VirtualDuration.seconds(UInt64(context[parameter: "job_seconds"]))
        let jobMaxPages = context[parameter: "job_memory_max_kb"] * 1_024 / PageSize.bytes
        var jobsStarted = 0, enospc = 0, serviceFile = 0
        var m = ScenarioMetrics()
        func record(day: Int) {
            m.set("day_dying_cgroups_\(day)", kubepods.dyingDescendants)
            m.set("day_dying_held_bytes_\(day)", mc.dyingCgroupHeldBytes())
            m.set("day_memcg_ids_in_use_\(day)", mc.memcgIDsInUse)
            m.set("day_mkdir_enospc_\(day)", enospc)
        }

        for step in 0..<(days * intervalsPerDay + 1) {
            // The batch starts together: each job's cgroup and task, and the
            // page cache it reads (a binary, its configuration).
            var running: [(job: MemCgroup, task: SimTask)] = []
            for slot in 0..<jobsPerInterval {
                let cpu = slot % kernel.cpus
                kernel.currentCPU = cpu
                let job: MemCgroup
                do {
                    job = try mc.mkdir("/kubepods/job\(jobsStarted + enospc)")
                } catch {
                    guard error.errno == .ENOSPC else { throw error }
                    if enospc == 0 {
                        m.set("first_enospc_virtual_hours", VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds / 3_600)
                        m.set("first_enospc_batch", step)
                        m.set("first_enospc_jobs_started", jobsStarted)
                    }
                    enospc += 1
                    continue
                }
                jobsStarted += 1
                if jobMaxPages > 0 { mc.setMax(job, pages: jobMaxPages) }
                let task = try tasks.spawn(in: job, cpu: cpu)
                running.append((job, task))
                try ignoringENOMEM { () throws(MemcgError) in
                    if cacheBytes > 0 {
                        try tasks.accessFile(task, name: "job\(jobsStarted)", superblock: "rootfs", bytes: cacheBytes, write: false, create: true)
                    }
                    if files / 2 > 0 { try tasks.vfs.createFiles(files / 2, on: nil, memcg: job, node: kernel.currentNode) }
                }
            }
            // The jobs run for a while (per-memcg slab caches are created
            // meanwhile, as they were for jobs that ran for seconds), then
            // leave their files and tmpfs behind, exit and are removed.
            kernel.advance(by: jobDuration)
            for (job, task) in running {
                kernel.currentCPU = task.cpu
                try ignoringENOMEM { () throws(MemcgError) in
                    let rest = files - files / 2
                    if rest > 0 { try tasks.vfs.createFiles(rest, on: nil, memcg: job, node: kernel.currentNode) }
                    for index in 0..<shmemPages {
                        // A tmpfs page: swap-backed, owned by no task, left behind.
                        _ = try mc.pages.allocatePage(memcg: job, node: kernel.currentNode, kind: .anon, mapping: UInt32.max,
                                                      index: UInt32(truncatingIfNeeded: Int(job.serial) &* 64 &+ index))
                    }
                }
                tasks.exit(task)
                try mc.rmdir(job.path)
            }
            if serviceBytesPerInterval > 0 {
                let service = try tasks.spawn(in: system, cpu: 0)
                try ignoringENOMEM { () throws(MemcgError) in
                    try tasks.accessFile(service, name: "log\(serviceFile)", superblock: "rootfs", bytes: serviceBytesPerInterval, write: false, create: true)
                }
                serviceFile += 1
                tasks.exit(service)
            }
            kernel.advance(by: .nanoseconds(interval.nanoseconds - jobDuration.nanoseconds))
            // A day's reading: an interval after its last batch started.
            if step % intervalsPerDay == 0 { record(day: step / intervalsPerDay) }
        }
        kernel.runUntilIdle()
        let wall = (ContinuousClock.now - started).seconds
        m.set("jobs_started", jobsStarted)
        m.set("mkdir_enospc", enospc)
        m.set("dying_cgroups", kubepods.dyingDescendants)
        m.set("dying_held_bytes", mc.dyingCgroupHeldBytes())
        m.set("memcg_ids_in_use", mc.memcgIDsInUse)
        m.set("swap_entries_of_dying", mc.dyingCgroups.reduce(0) { $0 + ($1.pageState?.swapLocal ?? 0) })
        m.set("kswapd_runs", mc.pages.statistics.kswapdRuns)
        m.set("free_bytes", mc.pages.host.totalFree * PageSize.bytes)
        m.set("virtual_seconds", VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds)
        m.set("wall_seconds", wall)
        m.set("wall_jobs_per_second", wall > 0 ? (Double(jobsStarted) / wall).rounded() : 0)
        return m
    }

    /// Runs `body`; a job or the service that runs out of memory (the OOM
    /// killer chose it) just stops, as it would on a host.
    private func ignoringENOMEM(_ body: () throws(MemcgError) -> Void) throws(MemcgError) {
        do {
            try body()
        } catch {
            guard error.errno == .ENOMEM else { throw error }
        }
    }
}
