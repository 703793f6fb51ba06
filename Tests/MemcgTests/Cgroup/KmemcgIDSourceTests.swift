import MemcgTestSupport
@testable import Memcg
import Testing

/// Where kmemcg_id comes from per release: memcg_cache_ida up to 5.17 (per-memcg
/// caches and eager list_lru arrays, then the arrays alone), the memcg ID
/// from 5.18.
@Suite struct KmemcgIDSourceTests {
    @Test func presetsBefore5_18AllocateCacheIDsAndLaterOnesReuseTheMemcgID() {
        for preset in Preset.all {
            let source = preset.design.kmemcgIDSource
            switch preset.name {
            case "v3.18", "v4.10", "v4.11", "v5.4", "v5.9", "v5.13":
                #expect(source == .cacheIDA, "\(preset.name)")
            default:
                #expect(source == .memcgID, "\(preset.name)")
            }
        }
    }

    /// 5.9 to 5.17: objcg charges slab, yet the eager list_lru arrays are
    /// still indexed by an ID from the IDA, which grows memcg_nr_cache_ids.
    @Test(arguments: ["v5.9", "v5.13"])
    func objcgReleasesBefore5_18StillAllocateCacheIDsForListLRU(preset: String) throws {
        let mc = try testController(preset: preset, nodes: 2)
        #expect(mc.design.slabAccounting == .objcg)
        var sizes: [Int] = []
        mc.onCacheIDArrayGrowth { sizes.append($0) }
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true)
        var memcgs: [MemCgroup] = []
        for i in 0..<12 { memcgs.append(try mc.mkdir("/c\(i)")) }
        #expect(mc.cacheIDsInUse == 12)
        #expect(sizes == [4, 10, 22])
        #expect(mc.cacheIDArraySize == 22)
        #expect(lru.allocatedLists == 2 * 22)
        for (i, memcg) in memcgs.enumerated() {
            #expect(memcg.cacheID == i)
            #expect(mc.kmemcgID(of: memcg) == i)
            #expect(memcg.id != i, "the cache ID is not the memcg ID")
            #expect(lru.add(ListLRUItem(UInt32(i)), node: 0, memcg: memcg))
            #expect(lru.computeKey(memcg) == Int32(i), "list_lru finds the lists by cache ID")
        }
        try mc.rmdir("/c3")
        mc.kernel.runUntilIdle()
        #expect(mc.cacheIDsInUse == 11)
        #expect(mc.checkInvariants().isEmpty && mc.violations.isEmpty)
    }

    /// 5.18 and later: no IDA, no memcg_nr_cache_ids; list_lru finds a
    /// memcg's lists by its memcg ID.
    @Test(arguments: ["v5.18", "v6.12"])
    func from5_18TheKmemIDIsTheMemcgID(preset: String) throws {
        let mc = try testController(preset: preset, nodes: 2)
        var grew = false
        mc.onCacheIDArrayGrowth { _ in grew = true }
        let lru = try mc.listLRUs.makeListLRU(name: "d", memcgAware: true)
        var memcgs: [MemCgroup] = []
        for i in 0..<12 { memcgs.append(try mc.mkdir("/c\(i)")) }
        #expect(mc.cacheIDsInUse == 0)
        #expect(mc.cacheIDArraySize == 0)
        #expect(!grew)
        for (i, memcg) in memcgs.enumerated() {
            #expect(memcg.cacheID == nil)
            #expect(mc.kmemcgID(of: memcg) == memcg.id)
            try lru.prepareLists(for: memcg)
            #expect(lru.add(ListLRUItem(UInt32(i)), node: 0, memcg: memcg))
            #expect(lru.computeKey(memcg) == Int32(memcg.id!), "list_lru finds the lists by memcg ID")
            #expect(lru.count(node: 0, memcg: memcg) == 1)
        }
        #expect(mc.kmemcgID(of: mc.root) == nil)
        try mc.rmdir("/c3")
        mc.kernel.runUntilIdle()
        #expect(mc.kmemcgID(of: memcgs[3]) == nil)
        #expect(mc.cacheIDsInUse == 0)
        #expect(mc.checkInvariants() == [])
        #expect(mc.violations.isEmpty)
    }
}
