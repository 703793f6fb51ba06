import KernelSim
@testable import Memcg
import MemcgTestSupport
import Testing

/// What `workingset_eviction` records: the reclaim's target.
@Suite struct WorkingsetShadowTests {
    @Test func theShadowNamesTheReclaimTargetNotThePagesMemcg() throws {
        let mc = testController(cpus: 1)
        let p = try mc.mkdir("/p")
        mc.setSubtreeControlMemory(p, true)
        let a = try mc.mkdir("/p/a")
        for index in 0..<256 {
            _ = try mc.pages.allocatePage(memcg: a, node: 0, kind: .file(dirty: false), mapping: 1, index: UInt32(index))
        }
        var shadows: [Shadow] = []
        mc.pages.addEvictionHandler { _, _, shadow in shadows.append(shadow) }
        let ageBefore = mc.pages.state(p).lruvecs[0].nonresidentAge
        #expect(mc.pages.tryToFreeMemcgPages(p, pages: 32) > 0)
        #expect(!shadows.isEmpty)
        #expect(shadows.allSatisfy { $0.memcgID == p.id && $0.memcgSerial == p.serial })
        // Each eviction read the target's clock, then aged it.
        #expect(shadows.first?.age == ageBefore)
        #expect(mc.pages.state(p).lruvecs[0].nonresidentAge >= ageBefore + UInt64(shadows.count))
        // Global reclaim's target is the root.
        shadows = []
        var sc = ScanControl(nrToReclaim: 8, target: nil, swappiness: 60)
        sc.priority = 0
        mc.pages.shrinkNode(0, sc: &sc)
        #expect(!shadows.isEmpty && shadows.allSatisfy { $0.memcgID == mc.root.id })
    }
}
