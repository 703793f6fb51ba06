import Foundation
import KernelSim
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

    /// Against the C library's printf with the kernel's format, over values
    /// of every width, zero, negative and extreme ones, and names shorter,
    /// as long as and longer than the name column (in bytes, not
    /// characters).
    @Test func lineAgreesWithPrintf() {
        var random = SimRandom(seed: 7)
        let names = ["a", "kmalloc-32", "exactly_17_bytes_", "dentry(123:cg-é)", "a_rather_long_cache_name(65535:job)"]
        let specials = [0, 1, -1, 9, 10, 99_999, 100_000, 999_999, 1_000_000, Int.max, Int.min]
        for round in 0..<500 {
            var values = (0..<11).map { _ in Int(random.uniform(below: UInt64(1) << random.uniform(below: 40))) }
            if round < specials.count { values = values.map { _ in specials[round] } }
            let name = names[round % names.count]
            var stats = SlabCacheStatistics(name: name, activeObjects: values[0], objects: values[1], objectSize: values[2],
                                            objectsPerSlab: values[3], pagesPerSlab: values[4], slabs: values[9],
                                            partialSlabs: 0, fullSlabs: 0, emptySlabs: 0)
            (stats.limit, stats.batchCount, stats.sharedFactor) = (values[5], values[6], values[7])
            (stats.activeSlabs, stats.sharedAvail) = (values[8], values[10])
            let expected = name.withCString { cName in
                String(format: "%-17s %6ld %6ld %6ld %4ld %4ld : tunables %4ld %4ld %4ld : slabdata %6ld %6ld %6ld",
                       cName, values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                       values[8], values[9], values[10])
            }
            #expect(SlabInfo.line(stats) == expected, "round \(round)")
        }
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
