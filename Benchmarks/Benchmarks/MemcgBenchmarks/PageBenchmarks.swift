import Benchmark
import KernelSim
import Memcg

// MARK: - Pages

/// Page faults per iteration of the fault benchmark.
let faultsPerIteration = 1_000
/// The page-cache reclaim benchmark: 1 GiB spread over 1,000 cgroups.
let reclaimCgroups = 1_000
let reclaimPages = (1 << 30) / PageSize.bytes

func pageBenchmarks() {
    // One iteration: 1,000 anonymous pages allocated, charged and queued
    // for the LRU (the add batch drains every 15), as a page fault does;
    // they are freed after the measurement.
    Benchmark(
        "pages: fault+charge+LRU add",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark in
        let mc = MemoryController(kernel: Kernel(), design: Design())
        let memcg = try! mc.mkdir("/a")
        // The page layer, looked up once: `mc.pages` is a lazy property,
        // whose getter (a call and a retain/release pair) is no part of a
        // fault.
        let lru = mc.pages
        var pages: [PageID] = []
        pages.reserveCapacity(faultsPerIteration)
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            pages.append(try! lru.allocatePage(memcg: memcg, node: 0, kind: .anon, mapping: 1, index: UInt32(index)))
        }
        benchmark.stopMeasurement()
        for id in pages { lru.freePage(id) }
    }

    // The same faults in the steady state of a long run: one controller
    // serves every iteration, so its page table has grown already and
    // freed records are reused, as the kernel's memmap exists from boot.
    // The iteration above also pays for a new controller's first 1,000
    // pages (the table growing from 64 records, cold per-CPU batches).
    Benchmark(
        "pages: fault+charge+LRU add, steady state",
        configuration: .init(scalingFactor: .kilo),
        closure: { benchmark, faults in
            // The IDs go to a local array, as in the benchmark above: an
            // append to the set-up object's array would add a dynamic
            // exclusivity check per fault, which is the harness's cost.
            let lru = faults.lru
            let memcg = faults.memcg
            var pages = faults.takePages()
            benchmark.startMeasurement()
            for index in benchmark.scaledIterations {
                pages.append(try! lru.allocatePage(memcg: memcg, node: 0, kind: .anon, mapping: 1, index: UInt32(index)))
            }
            benchmark.stopMeasurement()
            for id in pages { lru.freePage(id) }
            pages.removeAll(keepingCapacity: true)
            faults.pages = pages
        },
        setup: { SteadyStateFaults() }
    )

    // One iteration: reclaim of 1 GiB of clean page cache spread evenly
    // over 1,000 cgroups, by limit reclaim of their parent (priority 12
    // down, the subtree in mem_cgroup_iter order). The set-up is outside
    // the measurement.
    Benchmark(
        "pages: reclaim 1 GiB of clean page cache over 1,000 cgroups",
        configuration: .init(scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 5)
    ) { benchmark in
        let topology = try! Topology(cpus: 4, nodes: 1, memoryBytes: 4 << 30)
        let mc = MemoryController(kernel: Kernel(KernelConfiguration(topology: topology)), design: Design())
        let parent = try! mc.mkdir("/jobs")
        let perCgroup = reclaimPages / reclaimCgroups
        for index in 0..<reclaimCgroups {
            let memcg = try! mc.mkdir("/jobs/j\(index)")
            for page in 0..<perCgroup {
                _ = try! mc.pages.allocatePage(memcg: memcg, node: 0, kind: .file(dirty: false), mapping: UInt32(index + 1), index: UInt32(page))
            }
        }
        let wanted = perCgroup * reclaimCgroups
        benchmark.startMeasurement()
        var freed = 0
        while freed < wanted {
            let got = mc.pages.tryToFreeMemcgPages(parent, pages: wanted - freed)
            if got == 0 { break }
            freed += got
        }
        benchmark.stopMeasurement()
        precondition(freed == wanted, "reclaimed \(freed) of \(wanted)")
        blackHole(freed)
    }
}

/// One controller and memcg that the steady-state fault benchmark keeps
/// across its iterations.
final class SteadyStateFaults {
    let controller = MemoryController(kernel: Kernel(), design: Design())
    let memcg: MemCgroup
    let lru: PageLRU
    var pages: [PageID] = []

    init() {
        memcg = try! controller.mkdir("/a")
        lru = controller.pages
        pages.reserveCapacity(faultsPerIteration)
    }

    /// The page-ID array with its capacity, left empty here until the
    /// iteration hands it back.
    func takePages() -> [PageID] {
        defer { pages = [] }
        return pages
    }
}
