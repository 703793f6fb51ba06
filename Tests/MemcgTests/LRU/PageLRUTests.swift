import KernelSim
@testable import Memcg
import MemcgTestSupport
import Testing

/// Page records, lruvecs, add batches and reclaim, through the Memcg API.
@Suite struct PageLRUTests {
    private func controller(memory: Int = Topology.defaultMemoryBytes, cpus: Int = 2) throws -> MemoryController {
        testController(cpus: cpus, memoryBytes: memory)
    }

    @Test func pageRecordFitsTheBudget() {
        // The model's own memory per simulated page: at most 32 bytes.
        #expect(MemoryLayout<PageRecord>.stride <= 32)
        #expect(PageTable.bytesPerPage == MemoryLayout<PageRecord>.stride)
    }

    @Test func newPagesWaitInTheAddBatchUntilItFills() throws {
        let mc = try controller()
        let a = try mc.mkdir("/a")
        var ids: [PageID] = []
        for i in 0..<(PageLRU.batchSize - 1) {
            ids.append(try mc.pages.allocatePage(memcg: a, node: 0, kind: .anon, mapping: 1, index: UInt32(i)))
        }
        // Charged, but on no list yet.
        #expect(a.memory.usage >= PageLRU.batchSize - 1)
        #expect(a.pageState!.lruvecs[0].total == 0)
        #expect(mc.pages.batchedPages == PageLRU.batchSize - 1)
        ids.append(try mc.pages.allocatePage(memcg: a, node: 0, kind: .anon, mapping: 1, index: 99))
        #expect(mc.pages.batchedPages == 0)
        #expect(a.pageState!.lruvecs[0].size(.inactiveAnon) == PageLRU.batchSize)
        #expect(mc.checkInvariants().isEmpty)
        for id in ids { mc.pages.freePage(id) }
        #expect(a.pageState!.lruvecs[0].total == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func offlineDrainsTheBatchesAndPagesPinTheDyingMemcg() throws {
        let mc = try controller()
        let a = try mc.mkdir("/a")
        let id = try mc.pages.allocatePage(memcg: a, node: 0, kind: .file(dirty: false), mapping: 1, index: 0)
        #expect(mc.pages.batchedPages == 1)
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(a.state == .dying)
        #expect(mc.pages.batchedPages == 0)
        #expect(a.pageState!.lruvecs[0].size(.inactiveFile) == 1)
        #expect(mc.checkInvariants().isEmpty)
        // Reclaim from the parent visits the dying memcg and frees the page.
        let freed = mc.pages.tryToFreeMemcgPages(mc.root, pages: 1)
        #expect(freed == 1)
        _ = id
        mc.drainAllStocks()
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func reclaimTakesCleanPageCacheAndKeepsAnonWithoutSwap() throws {
        let mc = try controller()
        let a = try mc.mkdir("/a")
        for i in 0..<300 { _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .file(dirty: false), mapping: 1, index: UInt32(i)) }
        for i in 0..<100 { _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .anon, mapping: 2, index: UInt32(i)) }
        let freed = mc.pages.tryToFreeMemcgPages(a, pages: 200)
        #expect(freed >= 200)
        #expect(a.anonPages == 100)
        #expect(mc.statTruth(a, .pgsteal) == Int64(freed))
        #expect(mc.statTruth(a, .pgscan) >= Int64(freed))
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func anonGoesToSwapAndItsChargeWithIt() throws {
        let mc = try controller()
        try mc.pages.swapon(bytes: 1 << 20)
        let a = try mc.mkdir("/a")
        for i in 0..<64 { _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .anon, mapping: 2, index: UInt32(i)) }
        // Freshly faulted anon is young: the first look activates it, a
        // later one deactivates it, the next swaps it out; memory.reclaim
        // retries until it has the amount.
        try mc.proactiveReclaim(a, pages: 32, swappiness: nil)
        let freed = a.pageState!.swapPages
        #expect(freed >= 32)
        #expect(a.anonPages == 64 - freed)
        #expect(mc.pages.swap!.used == freed)
        // The swap entries record the memcg's ID.
        #expect(mc.pages.swap!.memcgIDs.filter { $0 == UInt16(a.id!) }.count == freed)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func memoryMinProtectsFromReclaimOfTheParent() throws {
        let mc = try controller()
        let p = try mc.mkdir("/p")
        let kept = try mc.mkdir("/p/kept")
        let open = try mc.mkdir("/p/open")
        mc.setMin(kept, pages: 1_000)
        for i in 0..<500 {
            _ = try mc.pages.allocatePage(memcg: kept, node: 0, kind: .file(dirty: false), mapping: 1, index: UInt32(i))
            _ = try mc.pages.allocatePage(memcg: open, node: 0, kind: .file(dirty: false), mapping: 2, index: UInt32(i))
        }
        mc.drainAllStocks()
        let freed = mc.pages.tryToFreeMemcgPages(p, pages: 400)
        #expect(freed >= 400)
        #expect(kept.pageState!.filePages == 500)
        #expect(open.pageState!.filePages <= 100)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func effectiveProtectionIsSharedInProportionWhenOvercommitted() {
        // Children claim 300 of a parent's 200: each gets its share of what it uses.
        #expect(PageLRU.effectiveProtection(usage: 100, setting: 100, parentEffective: 200, siblingsProtected: 300) == 66)
        #expect(PageLRU.effectiveProtection(usage: 50, setting: 100, parentEffective: 200, siblingsProtected: 150) == 50)
    }

    @Test func highDelayFollowsTheKernelFormula() {
        // 100% over high, one batch of pages: overage^2 * HZ >> 34 jiffies = 64 s, clamped to 2 s.
        #expect(MemoryController.highDelay(nrPages: 64, maxOverage: 1 << 20, batch: 64) == .seconds(2))
        // 10% over, one page: 640 jiffies / 64 = 10 ms.
        #expect(MemoryController.highDelay(nrPages: 1, maxOverage: (1 << 20) / 10, batch: 64) == .milliseconds(9))
        #expect(MemoryController.highDelay(nrPages: 64, maxOverage: 0, batch: 64) == .zero)
    }

    // MARK: Planted bugs

    @Test func plantedListSizeDriftIsCaught() throws {
        let mc = try controller()
        let a = try mc.mkdir("/a")
        for i in 0..<20 { _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .anon, mapping: 1, index: UInt32(i)) }
        #expect(mc.checkInvariants().isEmpty)
        a.lruState!.lruvecs[0].sizes[0] += 1
        #expect(mc.checkInvariants().contains { $0.rule == "page-conservation" })
    }

    @Test func plantedPageInTwoPlacesIsCaught() throws {
        let mc = try controller()
        let a = try mc.mkdir("/a")
        let id = try mc.pages.allocatePage(memcg: a, node: 0, kind: .anon, mapping: 1, index: 0)
        mc.pages.table[id].flags.insert(.isolated)
        #expect(mc.checkInvariants().contains { $0.rule == "page-conservation" })
    }

    @Test func plantedLostFrameIsCaught() throws {
        let mc = try controller()
        let a = try mc.mkdir("/a")
        _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .anon, mapping: 1, index: 0)
        mc.pages.host.freeFrames[0] -= 1
        #expect(mc.checkInvariants().contains { $0.rule == "page-conservation" })
    }

    @Test func plantedUnchargedPageIsCaught() throws {
        let mc = try controller()
        let a = try mc.mkdir("/a")
        _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .file(dirty: false), mapping: 1, index: 0)
        a.lruState!.filePages -= 1
        let rules = Set(mc.checkInvariants().map(\.rule))
        #expect(rules.contains("page-conservation"))
        #expect(rules.contains("charge-conservation"))
    }

    @Test func kswapdBringsANodeBackAboveItsHighWatermark() throws {
        let mc = try controller(memory: 64 << 20)
        let a = try mc.mkdir("/a")
        let host = mc.pages.host
        let fill = host.framesPerNode[0] - host.lowWatermark[0] + 10
        for i in 0..<fill { _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .file(dirty: false), mapping: 1, index: UInt32(i)) }
        #expect(mc.pages.statistics.kswapdRuns >= 1)
        mc.kernel.runUntilIdle()
        #expect(mc.pages.host.freeFrames[0] >= host.highWatermark[0])
        #expect(mc.statTruth(a, .pgstealKswapd) > 0)
        #expect(mc.checkInvariants().isEmpty)
    }
}
