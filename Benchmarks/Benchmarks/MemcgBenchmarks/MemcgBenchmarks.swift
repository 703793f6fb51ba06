import Benchmark
import KernelSim
import Memcg

// Micro-benchmarks of the memory controller's hot paths, one per
// performance claim in the project's issues (targets in ../../README.md).
// Every benchmark sets a `scalingFactor`: one iteration does that many
// operations, so the time and malloc rows marked `*` read per operation and
// the throughput row in operations per second. The flush benchmarks are
// the exception: one iteration is one flush (`scalingFactor: .one`).
//
// Everything is deterministic: the kernels use their default seed and the
// access patterns come from `SimRandom` with fixed seeds, drawn before the
// measurement starts wherever a draw would cost as much as the operation.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 3,
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )

    cgroupBenchmarks()
    statsBenchmarks()
    kmemBenchmarks()
    listLRUBenchmarks()
    slabBenchmarks()
    pageBenchmarks()
}

// MARK: - Cgroups

/// Pairs per iteration; the offline, release and free work of that many
/// rmdirs runs at the end of each iteration, inside the measurement.
let cgroupPairsPerIteration = 1_000

func cgroupBenchmarks() {
    // One iteration: 1,000 x (mkdir "/jN", rmdir "/jN"), then
    // `runUntilIdle()`, which runs every RCU grace period, css offline,
    // css release and css free that the rmdirs queued. Design() defaults.
    Benchmark(
        "cgroups: mkdir+rmdir pair",
        configuration: .init(scalingFactor: .kilo)
    ) { (benchmark: Benchmark, controller: MemoryController) throws in
        for i in benchmark.scaledIterations {
            try controller.mkdir("/j\(i)")
            try controller.rmdir("/j\(i)")
        }
        controller.kernel.runUntilIdle()
        benchmark.stopMeasurement()
        precondition(controller.dyingCgroupCount == 0 && controller.violations.isEmpty)
    } setup: {
        MemoryController(kernel: Kernel(), design: Design())
    }
}

// MARK: - Statistics

/// A MemcgStats with a two-level hierarchy: the root, `groups` middle
/// cgroups and leaves spread evenly under them, `total` slots in all.
final class StatsFixture {
    let stats: MemcgStats
    let leaves: [StatsSlot]
    var random: SimRandom

    init(scheme: VMStatScheme, total: Int, groups: Int, seed: UInt64) {
        let kernel = Kernel()
        let stats = MemcgStats(kernel: kernel, scheme: scheme, batch: Design().chargeBatch.pages, keepsOracle: false)
        let root = stats.addCgroup(parent: nil)
        let middles = (0..<groups).map { _ in stats.addCgroup(parent: root) }
        leaves = (0..<(total - 1 - groups)).map { i in stats.addCgroup(parent: middles[i % groups]) }
        self.stats = stats
        random = SimRandom(seed: seed)
    }

    var cpus: Int { stats.kernel.cpus }
}

/// Length of the precomputed (cgroup, CPU) sequence the hot update cycles
/// through (a power of two, so the cycle is a mask).
let hotSequenceLength = 4_096

func statsBenchmarks() {
    // One iteration: 1M x `update(slot, .anon, 1, cpu:, node: 0)`, slots
    // and CPUs from a fixed pseudo-random sequence over 1,000 cgroups, all
    // of whose counters stay in cache. Under rstat the updated trees are
    // flushed after each iteration, outside the measurement, as the
    // periodic flush would; so most updates find their cgroup already
    // queued, as in a running system.
    for scheme in [VMStatScheme.thresholdSpill, .rstat] {
        Benchmark(
            "stats: update (hot, 1,000 cgroups, \(scheme.rawValue))",
            configuration: .init(scalingFactor: .mega)
        ) { (benchmark: Benchmark, fixture: (StatsFixture, [(slot: StatsSlot, cpu: Int)])) in
            let (f, sequence) = fixture
            let stats = f.stats
            benchmark.startMeasurement()
            sequence.withUnsafeBufferPointer { seq in
                for i in benchmark.scaledIterations {
                    let (slot, cpu) = seq[i & (hotSequenceLength - 1)]
                    stats.update(slot, .anon, 1, cpu: cpu, node: 0)
                }
            }
            benchmark.stopMeasurement()
            stats.flushAll()
            blackHole(stats.unclamped(f.leaves[0], .anon))
        } setup: {
            let f = StatsFixture(scheme: scheme, total: 1_000, groups: 10, seed: 11)
            var random = SimRandom(seed: 12)
            let sequence = (0..<hotSequenceLength).map { _ in
                (slot: f.leaves[random.index(below: f.leaves.count)], cpu: random.index(below: f.cpus))
            }
            return (f, sequence)
        }
    }

    // One iteration: 10 updates to random leaf cgroups on random CPUs,
    // then `flushAll()`. rstat's flush walks only the cgroups updated since
    // the last flush (and their ancestors), so with 100,000 cgroups it
    // should do the same work as with 1,000. Not scaled: ns per flush. The
    // "(cgroup, CPU) folds" row counts that work, independent of timing.
    let folds = BenchmarkMetric.custom("(cgroup, CPU) folds", useScalingFactor: false)
    for (total, groups, label) in [(1_000, 10, "1,000"), (100_000, 100, "100,000")] {
        Benchmark(
            "stats: rstat flush after touching 10 of \(label) cgroups",
            configuration: .init(metrics: Benchmark.defaultConfiguration.metrics + [folds], scalingFactor: .one)
        ) { (benchmark: Benchmark, f: StatsFixture) in
            let stats = f.stats
            let visitedBefore = stats.flushStatistics.cgroupsVisited
            benchmark.startMeasurement()
            for _ in 0..<10 {
                let slot = f.leaves[f.random.index(below: f.leaves.count)]
                stats.update(slot, .anon, 1, cpu: f.random.index(below: f.cpus), node: 0)
            }
            stats.flushAll()
            benchmark.stopMeasurement()
            benchmark.measurement(folds, stats.flushStatistics.cgroupsVisited - visitedBefore)
        } setup: {
            StatsFixture(scheme: .rstat, total: total, groups: groups, seed: 13)
        }
    }
}

// MARK: - Kernel memory

/// A controller under `design` with one non-root cgroup `/bench`.
final class ControllerFixture {
    let controller: MemoryController
    let memcg: MemCgroup

    init(design: Design) throws {
        controller = MemoryController(kernel: Kernel(), design: design)
        memcg = try controller.mkdir("/bench")
    }

    var kernel: Kernel { controller.kernel }
}

/// Objects per batch in the batched kmem and slab benchmarks.
let batchSize = 1_000

func kmemBenchmarks() {
    for accounting in [SlabAccounting.perMemcgCaches, .objcg] {
        let design = Design.with { $0.slabAccounting = accounting }
        func setup() throws -> (ControllerFixture, SlabCacheID) {
            let f = try ControllerFixture(design: design)
            let cache = f.controller.kmem.rootCache(named: "pid")!
            // Warm up: under perMemcgCaches the first allocation falls back
            // to the root cache and queues the child cache's creation; under
            // objcg it makes the memcg's objcg and fills the CPU's stock.
            let first = try f.controller.kmem.allocate(cache, memcg: f.memcg, node: 0)
            f.controller.kmem.free(first)
            f.kernel.runUntilIdle()
            if accounting == .perMemcgCaches {
                precondition(f.controller.kmem.childCacheCount == 1, "the child cache was not created")
            }
            return (f, cache)
        }

        // One iteration: 1,000 x (allocate one "pid" object (128 bytes,
        // SLAB_ACCOUNT) for /bench, free it).
        Benchmark(
            "kmem: accounted alloc+free (\(accounting.rawValue))",
            configuration: .init(scalingFactor: .kilo)
        ) { (benchmark: Benchmark, fixture: (ControllerFixture, SlabCacheID)) throws in
            let (f, cache) = fixture
            let kmem = f.controller.kmem
            let memcg = f.memcg
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let object = try kmem.allocate(cache, memcg: memcg, node: 0)
                kmem.free(object)
            }
            benchmark.stopMeasurement()
            precondition(f.controller.violations.isEmpty)
        } setup: {
            try setup()
        }

        // One iteration: allocate 1,000 "pid" objects for /bench, then free
        // them in allocation order: the allocator fills and empties slabs,
        // so new slab pages are charged and uncharged along the way.
        Benchmark(
            "kmem: accounted alloc+free, batches of 1,000 (\(accounting.rawValue))",
            configuration: .init(scalingFactor: .kilo)
        ) { (benchmark: Benchmark, fixture: (ControllerFixture, SlabCacheID)) throws in
            let (f, cache) = fixture
            let kmem = f.controller.kmem
            let memcg = f.memcg
            var objects: [SlabObject] = []
            objects.reserveCapacity(batchSize)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                objects.append(try kmem.allocate(cache, memcg: memcg, node: 0))
            }
            for object in objects { kmem.free(object) }
            benchmark.stopMeasurement()
            precondition(f.controller.violations.isEmpty)
        } setup: {
            try setup()
        }
    }
}

// MARK: - list_lru

func listLRUBenchmarks() {
    // One iteration: 1,000 x (list_lru_add item i to /bench's list on node
    // 0, list_lru_del it) on a memcg-aware list_lru whose lists for /bench
    // exist (eager: allocated with the cache ID; lazy: by `prepareLists`).
    for lruDesign in [ListLRUDesign.eager, .lazy] {
        Benchmark(
            "list_lru: add+delete (\(lruDesign.rawValue))",
            configuration: .init(scalingFactor: .kilo)
        ) { (benchmark: Benchmark, fixture: (ControllerFixture, ListLRU)) in
            let (f, lru) = fixture
            let memcg = f.memcg
            benchmark.startMeasurement()
            for i in benchmark.scaledIterations {
                let item = ListLRUItem(UInt32(truncatingIfNeeded: i))
                lru.add(item, node: 0, memcg: memcg)
                lru.delete(item, node: 0, memcg: memcg)
            }
            benchmark.stopMeasurement()
            precondition(lru.count == 0 && f.controller.violations.isEmpty)
        } setup: {
            let f = try ControllerFixture(design: Design.with { $0.listLRU = lruDesign })
            let lru = try f.controller.listLRUs.makeListLRU(name: "bench", memcgAware: true)
            try lru.prepareLists(for: f.memcg)
            // Warm up: the links table grows to every item index used, and
            // an eager list materializes on its first add.
            for i in 0..<batchSize {
                lru.add(ListLRUItem(UInt32(i)), node: 0, memcg: f.memcg)
            }
            for i in 0..<batchSize {
                lru.delete(ListLRUItem(UInt32(i)), node: 0, memcg: f.memcg)
            }
            return (f, lru)
        }
    }
}

// MARK: - Slab allocator

func slabBenchmarks() {
    func setup() -> (SlabAllocator, SlabCacheID) {
        let allocator = SlabAllocator(kernel: Kernel())
        let cache = allocator.kmallocCache(forSize: 32)!
        allocator.free(allocator.allocate(cache, node: 0)!)
        return (allocator, cache)
    }

    // One iteration: 1,000 x (allocate a kmalloc-32 object on node 0, free
    // it) on the bare SlabAllocator: no memcg, no accounting.
    Benchmark(
        "slab: kmalloc-32 alloc+free",
        configuration: .init(scalingFactor: .kilo)
    ) { (benchmark: Benchmark, fixture: (SlabAllocator, SlabCacheID)) in
        let (allocator, cache) = fixture
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            allocator.free(allocator.allocate(cache, node: 0)!)
        }
        benchmark.stopMeasurement()
    } setup: {
        setup()
    }

    // One iteration: 1,000 kmalloc-32 allocations, then their frees.
    Benchmark(
        "slab: kmalloc-32 alloc+free, batches of 1,000",
        configuration: .init(scalingFactor: .kilo)
    ) { (benchmark: Benchmark, fixture: (SlabAllocator, SlabCacheID)) in
        let (allocator, cache) = fixture
        var objects: [SlabObject] = []
        objects.reserveCapacity(batchSize)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            objects.append(allocator.allocate(cache, node: 0)!)
        }
        for object in objects { allocator.free(object) }
        benchmark.stopMeasurement()
    } setup: {
        setup()
    }
}
