import KernelSim
@testable import Memcg
import Testing
import MemcgTestSupport

/// Swap entries hold the memcg ID (mem_cgroup_id_get_many at swap-out,
/// 73f576c04b94): a removed cgroup whose pages are in swap keeps its ID
/// until the entries are freed, whatever the design does with its pages.
@Suite struct SwapIDTests {
    /// Anonymous pages of `memcg`, swapped out by its own reclaim.
    private func swappedPages(_ mc: MemoryController, _ memcg: MemCgroup, count: Int) throws -> [PageID] {
        var ids: [PageID] = []
        for index in 0..<count {
            ids.append(try mc.pages.allocatePage(memcg: memcg, node: 0, kind: .anon, mapping: UInt32.max, index: UInt32(index)))
        }
        mc.pages.lruAddDrainAll()
        var rounds = 0
        while ids.contains(where: { mc.pages.isResident($0) }), rounds < 50 {
            _ = mc.pages.tryToFreeMemcgPages(memcg, pages: count)
            rounds += 1
        }
        #expect(!ids.contains(where: { mc.pages.isResident($0) }), "every page swapped out")
        return ids
    }

    @Test func aSwapEntryKeepsTheIDOfARemovedCgroupUntilItIsFreed() throws {
        let mc = testController()
        try mc.pages.swapon(bytes: 1 << 20)
        let a = try mc.mkdir("/a")
        let ids = try swappedPages(mc, a, count: 2)
        let id = a.id
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(a.state == .dying)
        #expect(a.id == id && a.idReferences == 2)
        #expect(mc.memcgIDsInUse == 2)
        #expect(mc.checkInvariants().isEmpty)
        mc.pages.freePage(ids[0])
        #expect(a.id == id)
        mc.pages.freePage(ids[1])
        #expect(a.id == nil)
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(mc.memcgIDsInUse == 1)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func withoutSwapEntriesTheIDGoesBackAtOffline() throws {
        let mc = testController()
        let a = try mc.mkdir("/a")
        try mc.charge(a, pages: 1)  // pins the css, not the ID
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(a.state == .dying && a.id == nil)
        #expect(mc.memcgIDsInUse == 1)
        mc.uncharge(a, pages: 1)
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
    }

    /// With few IDs, removed cgroups whose pages sit in swap use them all up
    /// and mkdir fails with ENOSPC, as before IDs were released at offline.
    @Test func swappedOutPagesOfRemovedCgroupsExhaustTheIDs() throws {
        let mc = testController()
        mc.memcgIDs = IDAllocator(range: 1...6)
        _ = mc.memcgIDs.allocate()  // the root's
        try mc.pages.swapon(bytes: 1 << 20)
        for index in 0..<5 {
            let job = try mc.mkdir("/j\(index)")
            _ = try swappedPages(mc, job, count: 1)
            try mc.rmdir(job.path)
            mc.kernel.runUntilIdle()
        }
        let error = #expect(throws: MemcgError.self) { try mc.mkdir("/more") }
        #expect(error?.errno == .ENOSPC)
        #expect(mc.root.dyingDescendants == 5)
        #expect(mc.checkInvariants().isEmpty)
    }
}
