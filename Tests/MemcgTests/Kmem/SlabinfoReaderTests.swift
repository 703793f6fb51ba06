import KernelSim
@testable import Memcg
import Testing

/// /proc/slabinfo through seq_file-sized chunks, with and without churn.
@Suite struct SlabinfoReaderTests {
    /// A per-memcg system with `extraRoots` more root caches, then
    /// `cgroups` cgroups, each with a child cache of `vm_area_struct` and
    /// `pid` (so the children are at the head of slab_caches).
    private func system(cgroups: Int, extraRoots: Int = 0, teardown: CacheTeardown = .deferred,
                        resume: SlabinfoResume = .position) throws -> MemoryController {
        let mc = kmemSystem(.perMemcgCaches, teardown: teardown) { $0.slabinfoResume = resume }
        for i in 0..<extraRoots { _ = try mc.kmem.createCache(name: "extra_cache_\(i)", objectSize: 64, flags: .account) }
        for i in 0..<cgroups {
            let m = try mc.mkdir("/g\(i)")
            for name in ["vm_area_struct", "pid"] { mc.kmem.free(try mc.kmem.allocate(mc.kmem.boot(name), memcg: m, node: 0)) }
        }
        mc.kernel.runUntilIdle()
        return mc
    }

    /// slab_show printed root caches only, each with its children's
    /// counts added (memcg_accumulate_slabinfo), in every release; what
    /// changed in 4.11 is the list walked.
    @Test(arguments: [CacheTeardown.synchronous, .batched, .deferred])
    func theFileIsVersion21WithOneLinePerRootCacheNewestFirst(_ teardown: CacheTeardown) throws {
        let mc = try system(cgroups: 2, teardown: teardown)
        let kmem = mc.kmem
        let g0 = try mc.lookup("/g0")
        let pid = kmem.boot("pid")
        let before = kmem.allocator.statistics(of: pid).activeObjects
        var held: [SlabObject] = []
        for _ in 0..<3 { held.append(try kmem.allocate(pid, memcg: g0, node: 0)) }
        held.append(try kmem.allocate(pid, memcg: nil, node: 0))
        let text = kmem.slabinfoText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(2)) == SlabInfo.header)
        #expect(lines.count == 2 + kmem.rootCaches.count)
        #expect(!lines.contains { $0.contains("(1:g0)") || $0.contains("(2:g1)") })
        #expect(lines.last!.hasPrefix("kmalloc-8 "))
        // The pid line counts the root's object and g0's child's three.
        let pidLine = try #require(lines.first { $0.hasPrefix("pid ") })
        let activeObjects = Int(pidLine.split(separator: " ")[1])
        #expect(activeObjects == before + 4)
        // Every data line has the 2.1 columns: 6 numbers, tunables 3, slabdata 3.
        for line in lines.dropFirst(2) {
            let fields = line.split(separator: " ")
            #expect(fields.count == 16, "\(line)")
        }
        for o in held { kmem.free(o) }
    }

    @Test(arguments: [CacheTeardown.synchronous, .deferred])
    func chunksAreAtMostAPageOfWholeLines(_ teardown: CacheTeardown) throws {
        let mc = try system(cgroups: 40, extraRoots: 100, teardown: teardown)
        let reader = mc.kmem.openSlabinfo()
        var chunks: [String] = []
        while !reader.isFinished { chunks.append(reader.readChunk()) }
        #expect(chunks.count > 2)
        for chunk in chunks where !chunk.isEmpty {
            #expect(chunk.utf8.count <= SlabinfoReader.chunkBytes)
            #expect(chunk.hasSuffix("\n"))
        }
        #expect(chunks.joined() == mc.kmem.slabinfoText())
    }

    /// Reads a chunk, then churns child caches: on even chunks a new
    /// cgroup adds a child cache at the head of slab_caches (every later
    /// position shifts by one: a repeat); on odd chunks one of the newest
    /// original cgroups, already passed, goes with its two caches
    /// (positions shift back by two: skips). No root cache comes or goes.
    private func readWithChurn(_ mc: MemoryController, resume: SlabinfoResume, cgroups: Int) throws -> SlabinfoReader {
        let reader = mc.kmem.openSlabinfo(resume: resume)
        var next = 1_000
        var victim = cgroups - 1
        var chunk = 0
        while !reader.isFinished {
            _ = reader.readChunk()
            chunk += 1
            if chunk % 2 == 0 {
                let m = try mc.mkdir("/g\(next)")
                next += 1
                mc.kmem.free(try mc.kmem.allocate(mc.kmem.boot("pid"), memcg: m, node: 0))
            } else if victim >= 0 {
                try mc.rmdir("/g\(victim)")
                victim -= 1
            }
            mc.kernel.runUntilIdle()
        }
        return reader
    }

    /// Up to 4.10 the walk went over slab_caches, children included, so
    /// child churn ahead of the reader made root lines repeat or go missing.
    @Test(arguments: [CacheTeardown.synchronous, .batched])
    func upTo410ChildChurnMakesRootLinesRepeatAndGoMissing(_ teardown: CacheTeardown) throws {
        let mc = try system(cgroups: 60, extraRoots: 200, teardown: teardown)
        let reader = try readWithChurn(mc, resume: .position, cgroups: 60)
        #expect(reader.duplicates > 0)
        #expect(reader.missing > 0)
        // Each chunk walked back to its position from the head.
        #expect(reader.nodesVisited > UInt64(reader.linesPrinted) * 2)
    }

    /// 4.11 walks slab_root_caches: child churn does not move it.
    @Test func from411ChildChurnLeavesTheRootWalkAlone() throws {
        let mc = try system(cgroups: 60, extraRoots: 200, teardown: .deferred)
        let reader = try readWithChurn(mc, resume: .position, cgroups: 60)
        #expect(reader.chunks > 2)
        #expect(reader.duplicates == 0)
        #expect(reader.missing == 0)
    }

    /// The model's stable cursor fixes the pre-4.11 walk too, and walks
    /// less than the position resume does.
    @Test func aStableCursorNeitherSkipsNorRepeats() throws {
        let mc = try system(cgroups: 60, extraRoots: 200, teardown: .synchronous)
        let reader = try readWithChurn(mc, resume: .stableCursor, cgroups: 60)
        #expect(reader.duplicates == 0)
        #expect(reader.missing == 0)
        #expect(mc.kmem.stableReaders.isEmpty)
        let other = try system(cgroups: 60, extraRoots: 200, teardown: .synchronous)
        let positional = try readWithChurn(other, resume: .position, cgroups: 60)
        #expect(reader.nodesVisited < positional.nodesVisited)
    }

    @Test func memoryKmemSlabinfoListsTheCgroupsOwnCaches() throws {
        let mc = try system(cgroups: 3)
        let g1 = try mc.lookup("/g1")
        let lines = mc.kmem.slabinfoText(of: g1).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[2].hasPrefix("pid(2:g1)"))
        #expect(lines[3].hasPrefix("vm_area_struct(2:g1)"))
        let objcg = kmemSystem(.objcg)
        #expect(objcg.kmem.slabinfoText(of: try objcg.mkdir("/x")) == "")
    }
}
