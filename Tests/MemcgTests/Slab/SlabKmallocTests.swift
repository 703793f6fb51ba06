import Testing
import KernelSim
@testable import Memcg

@Suite struct SlabKmallocTests {
    @Test func kmallocCachesExistFromBoot() {
        let (_, slab) = makeSlab()
        let names = slab.kmallocCaches.map { slab.name(of: $0) }
        #expect(names == ["kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96", "kmalloc-128",
                          "kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
                          "kmalloc-8k"])
        #expect(slab.caches == slab.kmallocCaches)
    }

    @Test(arguments: [
        (1, "kmalloc-8"), (8, "kmalloc-8"), (9, "kmalloc-16"), (17, "kmalloc-32"), (32, "kmalloc-32"),
        (33, "kmalloc-64"), (64, "kmalloc-64"), (65, "kmalloc-96"), (96, "kmalloc-96"), (97, "kmalloc-128"),
        (128, "kmalloc-128"), (129, "kmalloc-192"), (192, "kmalloc-192"), (193, "kmalloc-256"),
        (256, "kmalloc-256"), (257, "kmalloc-512"), (1000, "kmalloc-1k"), (1025, "kmalloc-2k"),
        (4096, "kmalloc-4k"), (4097, "kmalloc-8k"), (8192, "kmalloc-8k"),
    ])
    func sizePicksTheKernelsClass(size: Int, name: String) throws {
        let (_, slab) = makeSlab()
        let cache = try #require(slab.kmallocCache(forSize: size))
        #expect(slab.name(of: cache) == name)
        let object = try #require(slab.kmalloc(size: size, node: 0))
        #expect(slab.cache(of: object) == cache)
        slab.kfree(object)
    }

    @Test func largeRequestsTakeTheirOwnPages() throws {
        let (_, slab) = makeSlab()
        let observer = RecordingSlabObserver()
        slab.observer = observer
        #expect(slab.kmallocCache(forSize: 8193) == nil)
        let object = try #require(slab.kmalloc(size: 20_000, node: 0))
        let cache = slab.cache(of: object)
        #expect(slab.isKmallocLarge(cache))
        #expect(observer.events.map(\.pages) == [8])
        #expect(!slab.caches.contains(cache) && !slab.slabinfoCaches.contains(cache))
        slab.kfree(object)
        // Freed at once: a large allocation keeps no empty slab.
        #expect(observer.netPages(cache) == 0)
        #expect(slab.kmalloc(size: 4096 << 10 + 1, node: 0) == nil)
        #expect(slab.invariantViolations().isEmpty)
    }

    @Test func otherPageSizesScaleTheClasses() {
        let sizes = SlabAllocator.kmallocSizes(pageSize: 16384)
        #expect(sizes.last == 32768)
        let kernel = Kernel()
        let slab = SlabAllocator(kernel: kernel, pageSize: 16384)
        #expect(slab.name(of: slab.kmallocCaches.last!) == "kmalloc-32k")
    }
}
