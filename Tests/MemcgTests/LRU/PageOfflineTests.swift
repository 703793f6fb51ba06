import KernelSim
@testable import Memcg
import MemcgTestSupport
import Testing

/// The offline of pages under every `offlinePages` design: an offline that
/// lands in reclaim's isolate/putback window, AWOL pages, the 3.18 loop,
/// the objcg splice, and charges conserved throughout.
@Suite struct PageOfflineTests {
    /// Longer than the grace period that precedes the offline work, so an
    /// rmdir issued with the reclaim lands its offline inside the window.
    static let window = VirtualDuration.milliseconds(30)

    /// `/p/a` with `count` page-cache pages, each mapped young so that
    /// reclaim keeps (rotates) them rather than freeing them; all on the
    /// inactive file list.
    private func populated(_ design: OfflinePages, count: Int = 64, window: VirtualDuration = window) throws
        -> (MemoryController, parent: MemCgroup, child: MemCgroup) {
        let mc = testController { $0.offlinePages = design }
        mc.pages.isolationWindow = window
        let p = try mc.mkdir("/p")
        let a = try mc.mkdir("/p/a")
        for i in 0..<count {
            let id = try mc.pages.allocatePage(memcg: a, node: 0, kind: .file(dirty: false), mapping: 1, index: UInt32(i))
            mc.pages.touch(id)
        }
        mc.pages.lruAddDrainAll()
        return (mc, p, a)
    }

    /// Reclaim from the root isolates the child's pages and holds them for
    /// the window; the child is removed at the same moment, so its offline
    /// runs while they are isolated.
    private func offlineDuringReclaim(_ mc: MemoryController, _ child: MemCgroup) throws {
        let isolatedBefore = child.pageState!.lruvecs[0].isolated[1]
        mc.pages.tryToFreeMemcgPages(mc.root, pages: 32)
        #expect(child.pageState!.lruvecs[0].isolated[1] > isolatedBefore, "reclaim holds pages isolated")
        try mc.rmdir(child.path)
        mc.drainAllStocks()
        mc.kernel.runUntilIdle()
    }

    @Test func reparentLRUsLeavesAWOLPagesWhenOfflineLandsInTheWindow() throws {
        let (mc, _, a) = try populated(.reparentLRUs)
        try offlineDuringReclaim(mc, a)
        // The isolated pages came back to the dead memcg's lists, out of
        // reclaim's reach, until the modelled css_free moved them.
        #expect(mc.pages.offlineStatistics.awolPagesMax > 0)
        #expect(mc.pages.offlineStatistics.awolArrivals > 0)
        #expect(mc.pages.offlineStatistics.awolPages == 0)
        #expect(a.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func reparentLRUsKeepsPagesAWOLWhileSomethingElsePinsTheMemcg() throws {
        let (mc, p, a) = try populated(.reparentLRUs)
        mc.getExternal(a)  // a pin that is not a page: css_free cannot come
        try offlineDuringReclaim(mc, a)
        let awol = mc.pages.offlineStatistics.awolPages
        #expect(awol > 0)
        #expect(mc.checkInvariants().isEmpty)
        // Reclaim from the root does not reach them.
        let freed = mc.pages.tryToFreeMemcgPages(mc.root, pages: 1_000, proactive: true)
        mc.kernel.runUntilIdle()
        _ = freed
        #expect(mc.pages.offlineStatistics.awolPages == awol)
        // The pin goes: css_free moves them to the parent.
        mc.putExternal(a)
        mc.kernel.runUntilIdle()
        #expect(mc.pages.offlineStatistics.awolPages == 0)
        #expect(a.state == .freed)
        #expect(p.pageState!.filePages == 64)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test(arguments: [OfflinePages.reparentCharges, .reparentLRUsOnPutback, .none, .objcg])
    func noOtherDesignEverHasAWOLPages(_ design: OfflinePages) throws {
        let (mc, _, a) = try populated(design)
        mc.getExternal(a)
        try offlineDuringReclaim(mc, a)
        #expect(mc.pages.offlineStatistics.awolPagesMax == 0)
        #expect(mc.checkInvariants().isEmpty)
        mc.putExternal(a)
        mc.kernel.runUntilIdle()
        #expect(mc.pages.offlineStatistics.awolPagesMax == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func reparentChargesLoopsAgainWhileAPageIsIsolated() throws {
        let (mc, p, a) = try populated(.reparentCharges)
        try offlineDuringReclaim(mc, a)
        let stats = mc.pages.offlineStatistics
        // One pass cannot move isolated pages; the loop went round until
        // reclaim put them back, holding cgroup_mutex meanwhile.
        #expect(stats.maxLoopIterations > 1)
        #expect(stats.loopsAbandoned == 0)
        #expect(mc.cgroupMutex.statistics.maxHold >= .milliseconds(5))
        #expect(a.state == .freed)
        #expect(p.pageState!.filePages == 64)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func reparentChargesGoesRoundOnceWithoutReclaim() throws {
        let (mc, p, a) = try populated(.reparentCharges)
        try mc.rmdir(a.path)
        mc.drainAllStocks()
        mc.kernel.runUntilIdle()
        #expect(mc.pages.offlineStatistics.maxLoopIterations == 1)
        #expect(mc.pages.offlineStatistics.reparentedPages == 64)
        #expect(a.state == .freed)
        #expect(p.pageState!.lruvecs[0].size(.inactiveFile) == 64)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func reparentChargesGivesUpOnACountedSpinInsteadOfHanging() throws {
        // Reclaim holds the pages for ten seconds: longer than the loop's
        // bound of passes takes, so the 3.18 loop would spin on.
        let (mc, _, a) = try populated(.reparentCharges, window: .seconds(10))
        try offlineDuringReclaim(mc, a)
        #expect(mc.pages.offlineStatistics.loopsAbandoned == 1)
        #expect(mc.pages.offlineStatistics.maxLoopIterations == PageLRU.offlineLoopBound)
        #expect(!mc.cgroupMutex.isLocked)
        // What it left stays where the loop would still find it.
        #expect(mc.pages.offlineStatistics.awolPagesMax == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func objcgFreesTheDyingMemcgWithinTwoGracePeriods() throws {
        let (mc, p, a) = try populated(.objcg, window: .zero)
        let removed = mc.kernel.now
        try mc.rmdir(a.path)
        mc.drainAllStocks()
        while a.state != .freed, mc.kernel.step() {}
        #expect(a.state == .freed)
        let gracePeriod = mc.kernel.costs.gracePeriod
        #expect(mc.kernel.now - removed <= gracePeriod + gracePeriod + .milliseconds(1))
        #expect(p.pageState!.filePages == 64)
        #expect(mc.pages.offlineStatistics.listSplices == 1)
        #expect(mc.pages.offlineStatistics.lruvecLockMaxHold > .zero)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func noneKeepsTheDyingMemcgWhilePagesPinIt() throws {
        let (mc, _, a) = try populated(.none, window: .zero)
        try mc.rmdir(a.path)
        mc.drainAllStocks()
        mc.kernel.runUntilIdle()
        #expect(a.state == .dying)
        #expect(mc.pages.offlineStatistics.reparentedPages == 0)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test(arguments: OfflinePages.allCases)
    func chargesAndUsageAreConserved(_ design: OfflinePages) throws {
        let (mc, p, a) = try populated(design)
        let rootUsage = mc.root.memory.usage
        try offlineDuringReclaim(mc, a)
        // Nothing was reclaimed (every page is young) and nothing was lost:
        // the pages are charged to the child or an ancestor, never twice;
        // the checker's charge-conservation rule holds every counter to it.
        #expect(mc.root.memory.usage <= rootUsage)
        let onChild = a.state == .freed ? 0 : (a.pageState?.filePages ?? 0)
        #expect((p.pageState?.filePages ?? 0) + onChild == 64)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func theCheckerCatchesAPlantedAWOLPage() throws {
        // Under `none` reclaim must reach every list: mark a dying memcg's
        // lists unreachable, as a design that forgot to visit it would.
        let (mc, _, a) = try populated(.none, window: .zero)
        try mc.rmdir(a.path)
        mc.kernel.runUntilIdle()
        #expect(mc.checkInvariants().isEmpty)
        mc.pages.setReach(a, .dyingUnreachable)
        let broken = mc.checkInvariants()
        #expect(broken.contains { $0.rule == "awol-pages" })
    }

    @Test func theCheckerCatchesADriftingAWOLCount() throws {
        let (mc, _, a) = try populated(.reparentLRUs)
        mc.getExternal(a)
        try offlineDuringReclaim(mc, a)
        #expect(mc.checkInvariants().isEmpty)
        mc.pages.offlineStatistics.awolPages += 1
        #expect(mc.checkInvariants().contains { $0.rule == "awol-pages" })
    }
}
