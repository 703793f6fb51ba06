import KernelSim
@testable import Memcg
import Testing
import MemcgTestSupport

/// Each invariant, broken on purpose, is reported under its own name.
@Suite struct InvariantTests {
    private func populated() throws -> (MemoryController, MemCgroup, MemCgroup) {
        let mc = testController()
        let a = try mc.mkdir("/a")
        let b = try mc.mkdir("/a/b")
        try mc.chargeAnon(b, pages: 10)
        try mc.chargeKernelBytes(a, 700, as: .slab)
        #expect(mc.checkInvariants().isEmpty)
        return (mc, a, b)
    }

    private func rules(_ mc: MemoryController) -> Set<String> { Set(mc.checkInvariants().map(\.rule)) }

    @Test func chargeConservation() throws {
        let (mc, _, b) = try populated()
        b.anonPages += 1
        #expect(rules(mc).contains("charge-conservation"))
    }

    @Test func hierarchy() throws {
        let (mc, a, b) = try populated()
        b.memory.usage = a.memory.usage + 5
        #expect(rules(mc).contains("hierarchy"))
    }

    @Test func refcount() throws {
        let (mc, a, _) = try populated()
        a.references += 1
        #expect(rules(mc).contains("refcount"))
    }

    @Test func descendants() throws {
        let (mc, a, _) = try populated()
        a.dyingDescendants += 1
        #expect(rules(mc).contains("descendants"))
    }

    @Test func onlineList() throws {
        let (mc, a, b) = try populated()
        mc.onlineSlots.swapAt(a.state.onlineSlot!, b.state.onlineSlot!)
        #expect(rules(mc).contains("online-list"))
        mc.onlineSlots.swapAt(a.state.onlineSlot!, b.state.onlineSlot!)
        #expect(!rules(mc).contains("online-list"))
        mc.onlineHoles += 1
        #expect(rules(mc).contains("online-list"))
    }

    @Test func ids() throws {
        let (mc, _, _) = try populated()
        _ = mc.memcgIDs.allocate()
        #expect(rules(mc).contains("ids"))
    }

    @Test func kernelBytesAreWholePages() throws {
        let (mc, a, _) = try populated()
        a.kmemSpareBytes += 1
        #expect(rules(mc).contains("kmem-bytes"))
    }

    @Test func recordedViolationsSurface() throws {
        let (mc, a, _) = try populated()
        mc.put(a, 1_000)
        #expect(rules(mc).contains("refcount-underflow"))
    }

    @Test func liveness() throws {
        let (mc, a, b) = try populated()
        mc.unchargeAnon(b, pages: 10)
        mc.uncharge(kernelBytes: 700, from: a, as: .slab)
        try mc.rmdir("/a/b")
        try mc.chargeAnon(a, pages: 1)  // left behind: /a can never be freed
        mc.kernel.runUntilIdle()
        #expect(mc.checkQuiescent().map(\.rule).contains("liveness"))
    }
}

@Suite struct StatisticsInvariantTests {
    @Test func anUpdatePathThatSkipsTheStatisticsIsCaught() throws {
        let mc = testController()
        let a = try mc.mkdir("/a")
        try mc.chargeAnon(a, pages: 3)
        #expect(mc.checkInvariants().isEmpty)
        // A charge that bypasses the statistics, as a buggy path would.
        try mc.charge(a, pages: 2)
        a.anonPages += 2
        #expect(mc.checkInvariants().map(\.rule).contains("statistics"))
    }

    @Test func aCounterOutsideTheSchemesBoundIsCaught() throws {
        let mc = testController { $0.vmstat = .thresholdSpill }
        let a = try mc.mkdir("/a")
        try mc.chargeAnon(a, pages: 3)
        #expect(mc.checkInvariants().isEmpty)
        // Corrupt the reported total, not the truth.
        mc.stats.addToTotals(a.statsSlot.index, column: MemcgStatItem.anon.rawValue, 10_000, up: true)
        #expect(mc.checkInvariants().map(\.rule).contains("statistics"))
    }
}
