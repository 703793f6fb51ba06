import Testing
import KernelSim
@testable import Memcg

/// Guards the per-slab and per-object footprint that lets the model hold
/// hundreds of millions of objects.
@Suite struct SlabCompactnessTests {
    @Test func recordsStaySmall() {
        #expect(MemoryLayout<SlabRecord>.stride <= 28)
        #expect(MemoryLayout<SlabObject>.size == 8)
        #expect(MemoryLayout<SlabNodeLists>.stride <= 48)
        #expect(MemoryLayout<SlabCacheGeometry>.stride <= 12)
    }

    @Test func aMillionObjectsCostAboutABitEach() throws {
        let (_, slab) = makeSlab()
        let cache = try #require(slab.kmallocCache(forSize: 32))
        for _ in 0..<1_000_000 { _ = try #require(slab.allocate(cache, node: 0)) }
        let slabs = slab.statistics(of: cache).slabs
        #expect(slabs == (1_000_000 + 127) / 128)
        // 28-byte record + 2 bitmap words per 128 objects, with table slack.
        #expect(slab.arena.slabs.allocatedBytes + slab.arena.words.allocatedBytes <= 2 * slabs * (28 + 16))
    }

    @Test func currentCPUChoosesTheNode() throws {
        let (kernel, slab) = makeSlab(cpus: 4, nodes: 2)
        kernel.currentCPU = 3
        let object = try #require(slab.kmalloc(size: 100))
        #expect(slab.node(of: object) == 1)
        kernel.currentCPU = 0
        #expect(slab.node(of: try #require(slab.allocate(slab.cache(of: object)))) == 0)
    }
}
