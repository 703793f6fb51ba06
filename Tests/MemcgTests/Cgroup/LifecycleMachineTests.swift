import MemcgTestSupport
@testable import Memcg
import Testing

/// The cgroup's place on the online list, its memcg ID and its kmemcg cache
/// ID are states with checked moves: a move that does not follow the state
/// it leaves is recorded as a model violation and changes nothing.
@Suite struct LifecycleMachineTests {
    @Test func anOnlineCgroupRecordsItsPlaceOnTheOnlineListAndLosesItAtRmdir() throws {
        let mc = testController()
        let a = try mc.mkdir("/a")
        let b = try mc.mkdir("/b")
        #expect(mc.root.state == .online(slot: 0))
        #expect(a.state == .online(slot: 1) && b.state == .online(slot: 2))
        try mc.rmdir("/a")
        #expect(a.state == .killed && a.state.onlineSlot == nil)
        #expect(mc.onlineSlots[1] == nil && mc.onlineSlots[2] === b)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func squeezingTheOnlineListRenumbersTheOnlineCgroups() throws {
        let mc = testController()
        let keep = try mc.mkdir("/keep")
        for i in 0..<200 { try mc.mkdir("/t\(i)") }
        for i in 0..<200 { try mc.rmdir("/t\(i)") }
        let last = try mc.mkdir("/last")
        #expect(mc.onlineSlots.count < 202, "the holes were squeezed out")
        #expect(keep.state == .online(slot: 1))
        #expect(mc.onlineSlots[last.state.onlineSlot!] === last)
        #expect(mc.violations.isEmpty)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func movingACgroupThatIsNotOnlineOnTheOnlineListIsRecordedAndRefused() throws {
        let mc = testController()
        let a = try mc.mkdir("/a")
        try mc.rmdir("/a")
        mc.moveOnline(a, toSlot: 0)
        #expect(mc.violations.map(\.rule) == ["lifecycle"])
        #expect(mc.violations.first?.detail.contains("moved from killed to online") == true)
        #expect(a.state == .killed)
        // Coming online twice is no move either.
        let b = try mc.mkdir("/b")
        mc.addOnline(b)
        #expect(mc.violations.map(\.rule) == ["lifecycle", "lifecycle"])
        #expect(mc.onlineSlots.filter { $0 === b }.count == 1)
    }

    @Test func aMemcgIDRemovedTwiceIsRecordedAndRefused() throws {
        let mc = testController()
        let a = try mc.mkdir("/a")
        let b = try mc.mkdir("/b")
        #expect(a.idState == .held(2) && a.id == 2 && a.recordedID == 2)
        mc.releaseID(a)
        #expect(a.idState == .removed && a.id == nil && a.recordedID == 0)
        #expect(mc.memcgIDsInUse == 2)
        #expect(mc.violations.isEmpty)
        mc.releaseID(a)
        #expect(mc.violations.map(\.rule) == ["lifecycle"])
        #expect(mc.violations.first?.detail.contains("memcg ID of cgroup /a") == true)
        #expect(mc.memcgIDsInUse == 2, "nothing more was given back")
        #expect(b.idState == .held(3))
        // A swap entry of a cgroup whose ID is gone goes to the nearest ancestor holding one.
        #expect(mc.nearestWithLiveID(a) === mc.root)
    }

    @Test func aKmemcgCacheIDTakenTwiceOrGivenBackTwiceIsRecordedAndRefused() throws {
        let mc = try testController(preset: "v4.11")
        let a = try mc.mkdir("/a")
        #expect(a.cacheIDState == .held(0) && mc.cacheIDsInUse == 1)
        mc.kmemcgIDAssignment.offlined(a, in: mc)
        #expect(a.cacheIDState == .released && a.cacheID == nil && mc.cacheIDsInUse == 0)
        #expect(mc.violations.isEmpty)
        mc.kmemcgIDAssignment.offlined(a, in: mc)
        #expect(mc.violations.map(\.rule) == ["lifecycle"])
        #expect(mc.violations.first?.detail.contains("moved from released to released") == true)
        #expect(mc.cacheIDsInUse == 0)
        // A released ID is not taken again by the same memcg.
        try mc.kmemcgIDAssignment.onlined(a, in: mc)
        #expect(mc.violations.map(\.rule) == ["lifecycle", "lifecycle"])
        #expect(a.cacheIDState == .released && mc.cacheIDsInUse == 0)
    }

    @Test func theRootAndMemcgIDDesignsNeverTakeACacheID() throws {
        let mc = try testController(preset: "v6.12")
        let a = try mc.mkdir("/a")
        #expect(mc.root.cacheIDState == .unassigned && a.cacheIDState == .unassigned)
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(a.cacheIDState == .unassigned)
        #expect(mc.violations.isEmpty)
    }
}
