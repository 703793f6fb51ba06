import KernelSim
@testable import Memcg
import Testing

/// 5.14's kmalloc-cg-N caches: accounted kmalloc no longer shares slabs
/// with unaccounted kmalloc, and /proc/slabinfo lists the new caches.
@Suite struct KmallocCgTests {
    private func system(_ kmalloc: KmallocAccounted) -> MemoryController {
        kmemSystem(.objcg) { $0.kmallocAccounted = kmalloc }
    }

    @Test func accountedKmallocGoesToKmallocCgAndSharesNoSlab() throws {
        let mc = system(.separateCaches)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let accounted = try kmem.kmalloc(size: 64, memcg: a, node: 0)
        let plain = try #require(kmem.allocator.kmalloc(size: 64, node: 0))
        let cg = try #require(kmem.allocator.accountedKmallocCache(forSize: 64))
        #expect(kmem.allocator.name(of: cg) == "kmalloc-cg-64")
        #expect(kmem.allocator.cache(of: accounted) == cg)
        #expect(kmem.allocator.cache(of: plain) == kmem.allocator.kmallocCache(forSize: 64))
        #expect(kmem.allocator.slabCount(of: cg) == 1)
        #expect(kmem.memcg(of: accounted) === a)
        // A root-cgroup task's accounted kmalloc also lands in kmalloc-cg,
        // uncharged: kmalloc_type() looks at the flags, not the cgroup.
        let fromRoot = try kmem.kmalloc(size: 64, memcg: mc.root, node: 0)
        #expect(kmem.allocator.cache(of: fromRoot) == cg)
        #expect(kmem.memcg(of: fromRoot) == nil)
        let text = kmem.slabinfoText()
        #expect(text.contains("\nkmalloc-cg-64 "))
        #expect(text.contains("\nkmalloc-cg-1k "))
        #expect(mc.checkInvariants().isEmpty)
        kmem.free(accounted)
        kmem.free(fromRoot)
        kmem.allocator.kfree(plain)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func beforeTheyExistedAccountedAndUnaccountedObjectsShareASlab() throws {
        let mc = system(.shared)
        let kmem = mc.kmem
        let a = try mc.mkdir("/a")
        let accounted = try kmem.kmalloc(size: 64, memcg: a, node: 0)
        let plain = try #require(kmem.allocator.kmalloc(size: 64, node: 0))
        let shared = try #require(kmem.allocator.kmallocCache(forSize: 64))
        #expect(kmem.allocator.cache(of: accounted) == shared)
        #expect(kmem.allocator.cache(of: plain) == shared)
        #expect(kmem.allocator.slabCount(of: shared) == 1)
        #expect(kmem.allocator.kmallocCgCaches.isEmpty)
        #expect(!kmem.slabinfoText().contains("kmalloc-cg-"))
        kmem.free(accounted)
        kmem.allocator.kfree(plain)
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func presetsFrom5_18HaveThem() throws {
        for preset in Preset.all {
            let expected: KmallocAccounted = ["v5.18", "v6.12", "next"].contains(preset.name) ? .separateCaches : .shared
            #expect(preset.design.kmallocAccounted == expected, "\(preset.name)")
        }
    }

    @Test func theyCannotBeDestroyed() throws {
        let mc = system(.separateCaches)
        let cg = try #require(mc.kmem.allocator.accountedKmallocCache(forSize: 128))
        #expect(throws: MemcgError.self) { try mc.kmem.destroyCache(cg) }
    }
}
