import KernelSim
@testable import Memcg
import MemcgTestSupport
import Testing

/// The reclaim cookie of 6.11+ (6be5e186fd65): partial walks of a target's
/// subtree resume where the last one stopped; kswapd and the full-walk
/// retry visit every memcg.
@Suite struct ReclaimCookieTests {
    /// /p with four children of `pages` clean page-cache pages each.
    private func tree(pages: Int) throws -> (MemoryController, MemCgroup, [MemCgroup]) {
        let mc = testController(cpus: 1)
        let p = try mc.mkdir("/p")
        mc.setSubtreeControlMemory(p, true)
        var children: [MemCgroup] = []
        for name in ["a", "b", "c", "d"] {
            let child = try mc.mkdir("/p/\(name)")
            for index in 0..<pages {
                _ = try mc.pages.allocatePage(memcg: child, node: 0, kind: .file(dirty: false), mapping: 1, index: UInt32(index))
            }
            children.append(child)
        }
        mc.pages.lruAddDrainAll()
        return (mc, p, children)
    }

    private func stolen(_ children: [MemCgroup], from before: [Int]) -> [Int] {
        zip(children, before).map { $0.0.pageState!.lruvecs[0].size(.inactiveFile) }.enumerated().map { before[$0.offset] - $0.element }
    }

    private func inactive(_ children: [MemCgroup]) -> [Int] {
        children.map { $0.pageState!.lruvecs[0].size(.inactiveFile) }
    }

    /// A limit reclaimer's pass at one priority stops at the first memcg
    /// that gives it enough; the next pass starts after that memcg, and a
    /// pass that starts at the end of the subtree starts a new round at
    /// the first.
    @Test func eachPartialWalkStartsAfterWhereTheLastStopped() throws {
        let (mc, p, children) = try tree(pages: 4_096)
        var taken: [[Int]] = []
        for _ in 0..<5 {
            let before = inactive(children)
            var sc = ScanControl(nrToReclaim: 8, target: p, swappiness: 60)
            // size >> 8: 16 pages of a child's 4096, 15 once it has lost 16.
            sc.priority = 8
            mc.pages.shrinkNode(0, sc: &sc)
            #expect(sc.nrReclaimed >= 8)
            taken.append(zip(before, inactive(children)).map { $0 - $1 })
        }
        #expect(taken == [[16, 0, 0, 0], [0, 16, 0, 0], [0, 0, 16, 0], [0, 0, 0, 16], [15, 0, 0, 0]])
        #expect(p.pageState!.reclaimPositions[0] == children[0].serial)
        // A full walk (kswapd, or the retry after partial walks freed
        // nothing) starts at the first memcg and does not stop early.
        var sc = ScanControl(nrToReclaim: 8, target: p, swappiness: 60)
        sc.priority = 8
        sc.memcgFullWalk = true
        let before = inactive(children)
        mc.pages.shrinkNode(0, sc: &sc)
        #expect(zip(before, inactive(children)).map { $0 - $1 } == [15, 15, 15, 15])
        #expect(mc.checkInvariants().isEmpty)
    }

    /// kswapd does full walks: it leaves no position behind.
    @Test func kswapdWalksEveryMemcgAndKeepsNoPosition() throws {
        let (mc, _, children) = try tree(pages: 4_096)
        var sc = ScanControl(nrToReclaim: 32, target: nil, swappiness: 60)
        sc.isKswapd = true
        sc.priority = 10
        mc.pages.shrinkNode(0, sc: &sc)
        #expect(children.allSatisfy { $0.pageState!.lruvecs[0].size(.inactiveFile) == 4_096 - 4 })
        #expect(mc.root.pageState?.reclaimPositions[0] == nil)
    }
}
