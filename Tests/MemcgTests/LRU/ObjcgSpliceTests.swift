import KernelSim
@testable import Memcg
import MemcgTestSupport
import Testing

/// The objcg design's offline step as the "Eliminate Dying Memory Cgroup"
/// series (v4) writes it: one critical section holding objcg_lock and every
/// node's child and parent lruvec locks, the lists spliced and the objcg
/// retargeted at its end; a page-to-lruvec lookup that lands inside the
/// section waits and retries with the parent's lruvec, one after it does
/// not; the ancestors' statistics stay exact through the splice and the free.
@Suite struct ObjcgSpliceTests {
    /// `/p/a` with `count` clean page-cache pages per node, on the lists.
    private func populated(nodes: Int = 1, count: Int = 32) throws -> (MemoryController, parent: MemCgroup, child: MemCgroup) {
        let mc = testController(nodes: nodes) { $0.offlinePages = .objcg }
        let p = try mc.mkdir("/p")
        let a = try mc.mkdir("/p/a")
        for node in 0..<nodes {
            for i in 0..<count {
                _ = try mc.pages.allocatePage(memcg: a, node: node, kind: .file(dirty: false), mapping: UInt32(node + 1), index: UInt32(i))
            }
        }
        mc.pages.lruAddDrainAll()
        return (mc, p, a)
    }

    /// Runs until the child's offline page step holds the lruvec locks.
    private func runIntoTheSection(_ mc: MemoryController, _ a: MemCgroup) {
        while a.pageState!.reach != .reparenting, mc.kernel.step() {}
        #expect(a.pageState!.reach == .reparenting, "the splice's section started")
    }

    @Test func aPutbackInsideTheSectionWaitsAndRetriesWithTheParentsLruvec() throws {
        let (mc, p, a) = try populated()
        let isolated = mc.pages.isolate(a, node: 0, list: .inactiveFile, count: 8)
        try mc.rmdir(a.path)
        runIntoTheSection(mc, a)
        let sectionStart = mc.kernel.now
        mc.pages.putback(isolated, memcg: a, node: 0, file: true)
        let stats = mc.pages.offlineStatistics
        #expect(stats.lookupRetries == 8)
        // Each waited for the rest of the section, no longer.
        #expect(stats.lookupRetryWaitMax > .zero)
        #expect(stats.lookupRetryWaitMax <= stats.lruvecLockMaxHold)
        #expect(stats.lookupRetryWait == stats.lookupRetryWaitMax * 8)
        #expect(isolated.allSatisfy { mc.pages.owner(of: $0) === p })
        mc.kernel.runUntilIdle()
        #expect(mc.kernel.now > sectionStart)
        #expect(a.state == .freed)
        #expect(p.pageState!.filePages == 32)
        #expect(mc.pages.pages(of: p, node: 0, list: .inactiveFile).count == 32)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func aPutbackAfterTheSectionFindsTheParentWithoutRetrying() throws {
        let (mc, p, a) = try populated()
        let isolated = mc.pages.isolate(a, node: 0, list: .inactiveFile, count: 8)
        try mc.rmdir(a.path)
        while a.pageState!.reach != .dyingVisited, mc.kernel.step() {}
        mc.pages.putback(isolated, memcg: a, node: 0, file: true)
        #expect(mc.pages.offlineStatistics.lookupRetries == 0)
        #expect(mc.pages.offlineStatistics.redirectedPages == 8)
        #expect(isolated.allSatisfy { mc.pages.owner(of: $0) === p })
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func freeingAPageInsideTheSectionRetries() throws {
        let (mc, p, a) = try populated()
        let victim = mc.pages.pages(of: a, node: 0, list: .inactiveFile)[0]
        try mc.rmdir(a.path)
        runIntoTheSection(mc, a)
        mc.pages.freePage(victim)
        #expect(mc.pages.offlineStatistics.lookupRetries == 1)
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(p.pageState!.filePages == 31)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func otherDesignsNeverRetry() throws {
        for design in OfflinePages.allCases where design != .objcg {
            let mc = testController { $0.offlinePages = design }
            _ = try mc.mkdir("/p")
            let a = try mc.mkdir("/p/a")
            for i in 0..<8 {
                _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .file(dirty: false), mapping: 1, index: UInt32(i))
            }
            mc.pages.lruAddDrainAll()
            let isolated = mc.pages.isolate(a, node: 0, list: .inactiveFile, count: 4)
            try mc.rmdir(a.path)
            while (a.pageState!.reach == .online), mc.kernel.step() {}
            mc.pages.putback(isolated, memcg: a, node: 0, file: true)
            mc.kernel.runUntilIdle()
            #expect(mc.pages.offlineStatistics.lookupRetries == 0, "\(design)")
            #expect(mc.pages.offlineStatistics.lruvecLockSections == 0, "\(design)")
        }
    }

    /// v4 takes every node's pair of locks in one section (v5 went per
    /// node): one section per offline, however many nodes, each node's
    /// lists spliced in it, and longer than a one-node section.
    @Test func oneSectionHoldsEveryNodesLocks() throws {
        let (one, _, a1) = try populated(nodes: 1)
        try one.rmdir(a1.path)
        one.kernel.runUntilIdle()
        let (two, p2, a2) = try populated(nodes: 2)
        try two.rmdir(a2.path)
        two.kernel.runUntilIdle()
        #expect(one.pages.offlineStatistics.lruvecLockSections == 1)
        #expect(two.pages.offlineStatistics.lruvecLockSections == 1)
        #expect(two.pages.offlineStatistics.listSplices == 2)
        #expect(two.pages.offlineStatistics.lruvecLockMaxHold > one.pages.offlineStatistics.lruvecLockMaxHold)
        #expect(p2.pageState!.lruvecs[0].size(.inactiveFile) == 32)
        #expect(p2.pageState!.lruvecs[1].size(.inactiveFile) == 32)
        #expect(a2.state == .freed)
        #expect(two.checkInvariants().isEmpty)
    }

    /// cgroup v2's memory.stat is hierarchical: the parent counted the
    /// child's pages before the offline and counts them, now its own, after
    /// the child is freed; when they go, the count goes with them, never
    /// below zero. (This is why the series reparents non-hierarchical
    /// statistics on cgroup v1 only.)
    @Test func theParentsStatisticsStayExactThroughSpliceAndFree() throws {
        let (mc, p, a) = try populated()
        let page = Int64(PageSize.bytes)
        mc.kernel.advance(by: .seconds(3))  // a periodic flush
        #expect(mc.statValue(p, .file) == 32 * page)
        #expect(mc.statValue(p, .inactiveFile) == 32 * page)
        try mc.rmdir(a.path)
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        mc.kernel.advance(by: .seconds(3))
        #expect(mc.statValue(p, .file) == 32 * page)
        #expect(mc.statValue(p, .inactiveFile) == 32 * page)
        #expect(mc.statValue(mc.root, .file) == 32 * page)
        for id in mc.pages.pages(of: p, node: 0, list: .inactiveFile) { mc.pages.freePage(id) }
        mc.kernel.advance(by: .seconds(3))
        #expect(mc.statValue(p, .file) == 0)
        #expect(mc.statValue(p, .inactiveFile) == 0)
        #expect(mc.statValue(mc.root, .file) == 0)
        #expect(mc.checkInvariants().isEmpty)
    }
}
