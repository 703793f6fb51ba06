import Testing
@testable import Memcg

@Suite struct SlabInfoTests {
    @Test func headerMatchesTheKernel() {
        #expect(SlabInfo.header == [
            "slabinfo - version: 2.1",
            "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>",
        ])
    }

    /// The kernel prints "%-17s %6lu %6lu %6u %4u %4d", then
    /// " : tunables %4u %4u %4u" and " : slabdata %6lu %6lu %6lu".
    @Test func lineMatchesTheKernelFormat() throws {
        let (_, slab) = makeSlab()
        let cache = try #require(slab.kmallocCache(forSize: 32))
        for _ in 0..<200 { _ = try #require(slab.allocate(cache, node: 0)) }
        let expected = "kmalloc-32" + String(repeating: " ", count: 7)
            + "    200" + "    256" + "     32" + "  128" + "    1"
            + " : tunables" + "    0" + "    0" + "    0"
            + " : slabdata" + "      2" + "      2" + "      0"
        #expect(SlabInfo.line(slab.statistics(of: cache)) == expected)
        #expect(slab.slabinfoLines().contains(expected))
    }

    @Test func wideValuesWidenTheirColumns() {
        let stats = SlabCacheStatistics(name: "a_rather_long_cache_name", activeObjects: 12_345_678, objects: 12_345_728,
                                        objectSize: 32, objectsPerSlab: 128, pagesPerSlab: 1, slabs: 96_451,
                                        partialSlabs: 1, fullSlabs: 96_450, emptySlabs: 0)
        #expect(SlabInfo.line(stats) ==
            "a_rather_long_cache_name 12345678 12345728     32  128    1 : tunables    0    0    0 : slabdata  96451  96451      0")
    }

    @Test func newestCacheComesFirstAndChildCachesAreFolded() throws {
        let (_, slab) = makeSlab()
        let first = try slab.createCache(name: "first", objectSize: 100)
        let second = try slab.createCache(name: "second", objectSize: 100)
        _ = try slab.createCache(name: "second(3:job)", objectSize: 100, owner: 3, root: second)
        let listed = slab.slabinfoCaches
        #expect(Array(listed.prefix(2)) == [second, first])
        #expect(listed.count == 2 + slab.kmallocCaches.count)
        #expect(Array(listed.suffix(slab.kmallocCaches.count)) == slab.kmallocCaches.reversed())
        let lines = slab.slabinfoLines()
        #expect(lines.count == 2 + listed.count)
        #expect(lines[2].hasPrefix("second ") && lines[3].hasPrefix("first "))
        try slab.destroyCache(first)
        #expect(!slab.slabinfoLines().contains { $0.hasPrefix("first ") })
    }
}
