import Foundation
import CgroupFS
import KernelSim
import Memcg
import Workload

/// The host of seed 002: thousands of superblocks, tens of thousands of
/// memcgs, each memcg using only a couple of superblocks, and kmalloc-32
/// full of list_lru lists that no object will ever sit on.
struct ListLRUOverheadScenario: Scenario {
    let name = "list-lru-overhead"
    let summary = "list_lru metadata for many memcgs and superblocks: eager lists for every cache ID vs lazy lists"
    var details: String {
        """
        Mounts `superblocks` superblocks (each with a dentry and an inode list_lru
        and a memcg-aware shrinker), then creates `memcgs` cgroups under the root;
        in each, a task creates one file (an inode and a dentry) on each of
        `used_superblocks` superblocks, chosen round-robin, and exits. With
        `remove_memcgs=1` every cgroup is then removed and the kernel settles.

        Under listLRU=eager every memcg-aware list_lru holds, per node, an array
        of memcg_nr_cache_ids lists (grown to 2*(id+1) whenever a new cache ID
        does not fit), each a kmalloc-32 object: at the defaults, 4 nodes x 24574
        IDs x 1904 list_lrus, about 6 GB of kmalloc-32. Under listLRU=lazy a memcg
        gets lists only on the list_lrus it allocates objects for, and loses
        them at offline. Every figure is read from the model's slab allocator
        and list_lru statistics after the run.
        """
    }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("memcgs", default: 24_574, range: 0...65_534, "memory cgroups created"),
        ScenarioParameter("superblocks", default: 952, range: 1...100_000, "superblocks mounted (two list_lrus each)"),
        ScenarioParameter("used_superblocks", default: 2, range: 0...100_000, "superblocks each memcg creates a file on"),
        ScenarioParameter("remove_memcgs", default: 0, range: 0...1, "1: remove every cgroup at the end and settle"),
        ScenarioParameter("series_points", default: 0, range: 0...1_000, "record list_lru bytes at this many evenly spaced memcg counts (0: none)"),
    ]
    let metrics: [ScenarioMetric] = [
        ScenarioMetric("list_lrus", "list_lrus initialised (memcg-aware)"),
        ScenarioMetric("memcg_nr_cache_ids", "size of the arrays indexed by kmemcg cache ID"),
        ScenarioMetric("list_lru_lists", "per-memcg lists allocated (list_lru_one)"),
        ScenarioMetric("list_lru_bytes", "bytes of list_lru metadata: lists, per-memcg arrays, node arrays, xarray nodes"),
        ScenarioMetric("kmalloc32_objects", "active objects in kmalloc-32 (slabinfo)"),
        ScenarioMetric("kmalloc32_bytes", "active kmalloc-32 objects times their size (slabinfo)"),
        ScenarioMetric("kmalloc32_slab_bytes", "pages held by kmalloc-32 slabs, in bytes"),
        ScenarioMetric("objects_on_lrus", "dentries and inodes on the list_lrus"),
        ScenarioMetric("bytes_per_used_list", "list_lru_bytes per list that holds an object"),
        ScenarioMetric("array_growths", "times every list_lru grew its arrays for a new cache ID"),
        ScenarioMetric("list_lru_lists_after_removal", "per-memcg lists left after removing every cgroup (remove_memcgs=1)"),
        ScenarioMetric("wall_seconds", "host time the run took"),
        ScenarioMetric("series_list_lru_bytes_N", "with series_points: list_lru metadata bytes after N memcgs were created"),
    ]
    var defaultTopology: Topology { try! Topology(cpus: 8, nodes: 4) }

    /// Host bytes per eager list of the model (measured: about 15).
    static let eagerListHostBytes: UInt64 = 24

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        ModelFootprint.total([
            (context[parameter: "memcgs"], ModelFootprint.cgroupBytes(context.topology)),
            (context[parameter: "superblocks"], 4_096 * UInt64(context.topology.nodes)),
            // Eager lists: one per memcg per list_lru (two a superblock) per node.
            (context.design.listLRU == .eager ? context[parameter: "memcgs"] * context[parameter: "superblocks"] * 2 : 0,
             Self.eagerListHostBytes * UInt64(context.topology.nodes)),
            (context[parameter: "memcgs"] * context[parameter: "used_superblocks"], 2 * ScriptEstimate.vfsObjectBytes),
        ])
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        let started = ContinuousClock.now
        let kernel = context.makeKernel()
        let controller = MemoryController(kernel: kernel, design: context.design)
        let tasks = TaskTable(controller: controller)
        let vfs = tasks.vfs
        let memcgs = context[parameter: "memcgs"]
        let superblocks = context[parameter: "superblocks"]
        let used = context[parameter: "used_superblocks"]
        let checkpoints = SeriesCheckpoints(total: memcgs, points: context[parameter: "series_points"])
        var series: [(memcgs: Int, bytes: Int)] = []
        guard used <= superblocks else {
            throw ScenarioError.failed("used_superblocks (\(used)) cannot exceed superblocks (\(superblocks))")
        }
        do {
            for s in 0..<superblocks { try vfs.mount("sb\(s)") }
            var created: [MemCgroup] = []
            created.reserveCapacity(memcgs)
            for m in 0..<memcgs {
                let memcg = try controller.mkdir("/m\(m)")
                created.append(memcg)
                let task = try tasks.spawn(in: memcg, cpu: m % kernel.cpus)
                for u in 0..<used {
                    try WorkloadAction.files.perform(tasks, task, ["1", "--sb", "sb\((m * used + u) % superblocks)"])
                }
                tasks.exit(task)
                if checkpoints.isCheckpoint(m + 1) { series.append((m + 1, controller.listLRUs.statistics.bytes)) }
            }
        } catch {
            throw ScenarioError.failed("list-lru-overhead: \(error)")
        }
        kernel.runUntilIdle()

        let registry = controller.listLRUs
        let stats = registry.statistics
        let slab = controller.slab
        let kmalloc32 = slab.statistics(of: slab.kmallocCache(forSize: 32)!)
        var onLRUs = 0
        var usedLists = 0
        for lru in registry.all {
            onLRUs += lru.count
            usedLists += lru.nonEmptyMemcgLists
        }
        var m = ScenarioMetrics()
        m.set("list_lrus", stats.memcgAwareListLRUs)
        m.set("memcg_nr_cache_ids", controller.cacheIDArraySize)
        m.set("list_lru_lists", stats.lists)
        m.set("list_lru_bytes", stats.bytes)
        m.set("kmalloc32_objects", kmalloc32.activeObjects)
        m.set("kmalloc32_bytes", kmalloc32.activeObjects * kmalloc32.objectSize)
        m.set("kmalloc32_slab_bytes", kmalloc32.pages * slab.pageSize)
        m.set("objects_on_lrus", onLRUs)
        m.set("bytes_per_used_list", usedLists == 0 ? 0 : (Double(stats.bytes) / Double(usedLists)).rounded())
        m.set("array_growths", stats.arrayGrowths)

        if context[parameter: "remove_memcgs"] == 1 {
            do {
                for m in 0..<memcgs { try controller.rmdir("/m\(m)") }
            } catch {
                throw ScenarioError.failed("list-lru-overhead: \(error)")
            }
            kernel.runUntilIdle()
            m.set("list_lru_lists_after_removal", registry.statistics.lists)
        }
        m.set("wall_seconds", (ContinuousClock.now - started).seconds)
        for point in series { m.set("series_list_lru_bytes_\(point.memcgs)", point.bytes) }
        return m
    }
}
