import KernelSim
@testable import Memcg
import Testing

/// What 4.10's teardown of one memcg's caches costs beyond its walks and
/// its synchronize_sched: the rcu_barrier at css_free waits behind the
/// host's RCU callbacks (`host_rcu_barrier`), and every shrink and shutdown
/// of a child cache runs flush_all over the online CPUs (`per_cpu_slab_check`).
@Suite struct TeardownPricingTests {
    /// rmdir to the last child cache destroyed, for /a with 8 child caches
    /// (anon_vma among them, SLAB_TYPESAFE_BY_RCU) emptied before the rmdir.
    private func teardownTime(_ configure: (inout CostModel) -> Void) throws -> VirtualDuration {
        var costs = CostModel()
        configure(&costs)
        var design = Design()
        design.slabAccounting = .perMemcgCaches
        design.cacheTeardown = .batched
        design.memcgMetadata = .unaccounted
        let kernel = Kernel(KernelConfiguration(topology: try Topology(cpus: 4, nodes: 1), seed: 1, costs: costs))
        let mc = MemoryController(kernel: kernel, design: design)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        var objects: [SlabObject] = []
        for spec in KmemBootCaches.all.prefix(8) { objects.append(try kmem.allocate(kmem.boot(spec.name), memcg: a, node: 0)) }
        kernel.runUntilIdle()
        for spec in KmemBootCaches.all.prefix(8) { objects.append(try kmem.allocate(kmem.boot(spec.name), memcg: a, node: 0)) }
        for o in objects { kmem.free(o) }
        kernel.runUntilIdle()
        let start = kernel.now
        try mc.rmdir("/a")
        kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(kmem.statistics.cacheRCUBarriers == 1)
        #expect(mc.checkInvariants().isEmpty)
        return try #require(kmem.statistics.lastChildDestroyedAt) - start
    }

    /// The model's own RCU is idle when css_free's barrier runs here, so
    /// without the host's callbacks the barrier would return at once.
    @Test func theCssFreeBarrierWaitsBehindTheHostsCallbacks() throws {
        let host = try teardownTime { _ in }
        let idle = try teardownTime { $0.hostRCUBarrier = .zero }
        #expect(host >= idle + .milliseconds(20))
    }

    @Test func flushAllChecksEveryCPUAtEachShrinkAndShutdown() throws {
        let priced = try teardownTime { $0.hostRCUBarrier = .zero }
        let free = try teardownTime { $0.hostRCUBarrier = .zero; $0.perCPUSlabCheck = .zero }
        #expect(priced > free)
    }

    @Test func theNewEntriesAreListedWithTheirSources() {
        for name in ["per_cpu_slab_check", "host_rcu_barrier"] {
            let entry = CostModel.entries.first { $0.name == name }
            #expect(entry != nil && !(entry?.source.isEmpty ?? true))
            #expect(CostModel.helpText.contains(name + "="))
        }
    }
}
