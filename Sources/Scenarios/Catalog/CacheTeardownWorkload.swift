import KernelSim
import Memcg
import Foundation

/// The workload of the cache-teardown scenarios (seeds 000 and 001): many
/// transient cgroups, each leaving a child cache in each of K accounted
/// caches, all removed while a /proc/slabinfo reader runs, then run until
/// every child cache is destroyed.
///
/// Cgroups are made and removed in waves of at most `wave` so that the
/// live ones never exceed the 65,535 memcg and kmemcg IDs (a wave's
/// removal overlaps the next wave's creation). Each cgroup allocates one
/// object per cache (falling back to the root cache and scheduling the
/// child's creation), waits for its child caches, then allocates `objects`
/// objects per cache. Before its rmdir it frees them, except
/// `pinnedPercent` cgroups in a hundred, whose objects stay (as cached
/// dentries and inodes would) until every cgroup is offline, when
/// "reclaim" frees them and their dying caches empty at once.
struct CacheTeardownWorkload {
    var cgroups: Int
    var caches: Int
    var objects: Int
    var wave: Int
    var pinnedPercent: Int
    var slabinfoPasses: Int
    /// What a mkdir that finds no free memcg ID suggests trying.
    var outOfIDsHint = "try a smaller wave"

    /// A run's figures, and how its teardown's virtual time divides between
    /// the cache-list walks and the synchronous waits (the scaling scenario
    /// reports them; the single run does not print them).
    struct Outcome {
        var metrics: ScenarioMetrics
        /// The walks' virtual time: every node counted in
        /// `list_nodes_visited` at `cacheListNodeVisit`, what each walk was
        /// charged.
        var walkSeconds: Double
        /// Virtual time blocked in the grace periods and rcu_barriers the
        /// teardown waits for synchronously (`KmemStatistics.teardownWaitTime`).
        var waitSeconds: Double
    }

    func run(kernel: Kernel, design: Design) throws -> ScenarioMetrics {
        try measure(kernel: kernel, design: design).metrics
    }

    func measure(kernel: Kernel, design: Design) throws -> Outcome {
        let started = ContinuousClock.now
        if let reason = Self.inapplicability(to: design) { throw ScenarioError.failed(reason) }
        let mc = MemoryController(kernel: kernel, design: design)
        let kmem = mc.kmem
        let cacheIDs = try Self.caches(kmem, count: caches)
        let syscall = kernel.costs.cgroupSyscall
        var pinned: [SlabObject] = []
        var firstRmdir: VirtualTime?
        var teardownStarted: ContinuousClock.Instant?
        let reader = SlabinfoLoop(kmem: kmem, kernel: kernel, passes: slabinfoPasses)

        var start = 0
        var held: [SlabObject] = []
        var offsets: [Int] = []
        var memcgs: [MemCgroup] = []
        while start < cgroups {
            let end = min(cgroups, start + wave)
            held.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            memcgs.removeAll(keepingCapacity: true)
            for i in start..<end {
                mc.waitForCgroupMutex()
                let memcg: MemCgroup
                do {
                    memcg = try mc.mkdir("/cg\(i)")
                } catch {
                    throw ScenarioError.failed("mkdir /cg\(i): \(error.description); \(outOfIDsHint)")
                }
                kernel.advance(by: syscall)
                kernel.currentCPU = i % kernel.cpus
                for cache in cacheIDs { kmem.free(try kmem.allocate(cache, memcg: memcg)) }
                while kmem.pendingCreationCount > 0, kernel.step() {}
                offsets.append(held.count)
                for cache in cacheIDs {
                    for _ in 0..<objects { held.append(try kmem.allocate(cache, memcg: memcg)) }
                }
                memcgs.append(memcg)
            }
            offsets.append(held.count)
            for (k, memcg) in memcgs.enumerated() {
                let i = start + k
                let mine = held[offsets[k]..<offsets[k + 1]]
                if i % 100 < pinnedPercent {
                    pinned.append(contentsOf: mine)
                } else {
                    kernel.currentCPU = i % kernel.cpus
                    for object in mine { kmem.free(object) }
                }
                mc.waitForCgroupMutex()
                if firstRmdir == nil {
                    firstRmdir = kernel.now
                    teardownStarted = .now
                    reader.start()
                }
                try mc.rmdir(memcg.path)
                kernel.advance(by: syscall)
            }
            start = end
        }
        // Once every cgroup is offline, memory pressure reclaims the objects
        // that pinned their caches: the dying caches empty all at once.
        while mc.lifetime.offlined < mc.lifetime.created, kernel.step() {}
        // The cgroups whose objects are still held keep their caches, and
        // so themselves, dying, until 5.3 reparented the caches at offline.
        let pinnedBySlab = kmem.dyingCgroupsPinnedBySlab
        for object in pinned { kmem.free(object) }
        kernel.runUntilIdle()

        let s = kmem.statistics
        var m = ScenarioMetrics()
        m.set("child_caches_created", s.childCachesCreated)
        m.set("child_caches_destroyed", s.childCachesDestroyed)
        let teardown = s.lastChildDestroyedAt.flatMap { last in firstRmdir.map { last - $0 } } ?? .zero
        m.set("teardown_virtual_seconds", teardown.seconds)
        m.set("cgroup_mutex_hold_seconds", mc.cgroupMutex.statistics.totalHold.seconds)
        m.set("cgroup_mutex_max_hold_ms", mc.cgroupMutex.statistics.maxHold.milliseconds)
        m.set("slab_mutex_hold_seconds", kmem.slabMutex.statistics.totalHold.seconds)
        m.set("slab_mutex_max_hold_ms", kmem.slabMutex.statistics.maxHold.milliseconds)
        var queues: [ObjectIdentifier: Workqueue] = [:]
        for wq in [kmem.cacheWorkqueue, kmem.destroyWorkqueue, kmem.systemWorkqueue] { queues[ObjectIdentifier(wq)] = wq }
        m.set("peak_workers", queues.values.reduce(0) { $0 + $1.statistics.peakActive })
        m.set("peak_sysfs_entries", s.peakSysfsDirectories)
        m.set("list_nodes_visited", s.listNodesVisited - reader.nodesVisited)
        m.set("slabinfo_nodes_visited", reader.nodesVisited)
        m.set("slabinfo_passes", reader.passesDone)
        m.set("slabinfo_chunks", reader.chunks)
        m.set("slabinfo_missing", reader.missing)
        m.set("slabinfo_duplicates", reader.duplicates)
        let rcu = kernel.rcuStatistics
        m.set("grace_periods", rcu.gracePeriods)
        m.set("synchronous_rcu_waits", rcu.synchronousWaits)
        m.set("cache_rcu_barriers", s.cacheRCUBarriers)
        m.set("dying_cgroups_pinned_by_slab", pinnedBySlab)
        m.set("child_caches_reparented", s.childCachesReparented)
        m.set("dying_cgroups_left", mc.dyingCgroupCount)
        m.set("model_violations", mc.violations.count)
        m.set("events_run", kernel.trace.eventsRun)
        let finished = ContinuousClock.now
        m.set("wall_teardown_seconds", teardownStarted.map { (finished - $0).seconds } ?? 0)
        m.set("wall_seconds", (finished - started).seconds)
        let walks = kernel.costs.cacheListNodeVisit * (s.listNodesVisited - reader.nodesVisited)
        return Outcome(metrics: m, walkSeconds: walks.seconds, waitSeconds: s.teardownWaitTime.seconds)
    }

    /// Under objcg there are no per-memcg caches to tear down.
    static func inapplicability(to design: Design) -> String? {
        design.slabAccounting == .perMemcgCaches ? nil
            : "it needs slabAccounting=perMemcgCaches (v3.18 to v5.4): under objcg there are no per-memcg caches to tear down"
    }

    /// The first `count` boot caches (the default 8 are the whole mix, two
    /// of them SLAB_TYPESAFE_BY_RCU), then extra accounted caches of
    /// assorted sizes, every fourth typesafe-by-RCU.
    static func caches(_ kmem: KmemAccounting, count: Int) throws -> [SlabCacheID] {
        var result = Array(kmem.bootCaches.prefix(count))
        let sizes = [64, 96, 192, 256, 512, 1_024]
        var i = 0
        while result.count < count {
            let flags: SlabFlags = i % 4 == 3 ? [.account, .typesafeByRCU] : [.account]
            result.append(try kmem.createCache(name: "teardown_cache_\(i)", objectSize: sizes[i % sizes.count], flags: flags))
            i += 1
        }
        return result
    }
}
