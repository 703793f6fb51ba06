import KernelSim
@testable import Memcg
import Testing

/// /proc/slabinfo through seq_file-sized chunks, with and without churn.
@Suite struct SlabinfoReaderTests {
    /// A per-memcg system with `cgroups` cgroups, each with a child cache
    /// of `vm_area_struct` and `pid`.
    private func system(cgroups: Int, resume: SlabinfoResume = .position) throws -> MemoryController {
        let mc = kmemSystem(.perMemcgCaches) { $0.slabinfoResume = resume }
        for i in 0..<cgroups {
            let m = try mc.mkdir("/g\(i)")
            for name in ["vm_area_struct", "pid"] { mc.kmem.free(try mc.kmem.allocate(mc.kmem.boot(name), memcg: m, node: 0)) }
        }
        mc.kernel.runUntilIdle()
        return mc
    }

    @Test func theFileIsVersion21WithOneLinePerCacheNewestFirst() throws {
        let mc = try system(cgroups: 2)
        let text = mc.kmem.slabinfoText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(2)) == SlabInfo.header)
        #expect(lines.count == 2 + mc.kmem.allocator.caches.count)
        #expect(lines[2].hasPrefix("pid(2:g1)"))
        #expect(lines.contains { $0.hasPrefix("vm_area_struct(1:g0) ") })
        #expect(lines.last!.hasPrefix("kmalloc-8 "))
        // Every data line has the 2.1 columns: 6 numbers, tunables 3, slabdata 3.
        for line in lines.dropFirst(2) {
            let fields = line.split(separator: " ")
            #expect(fields.count == 16, "\(line)")
        }
    }

    @Test func chunksAreAtMostAPageOfWholeLines() throws {
        let mc = try system(cgroups: 40)
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

    /// Reads a chunk, then churns: on even chunks a new cgroup adds a
    /// cache at the head (ahead of nothing the reader has left, so every
    /// later position shifts by one: a repeat); on odd chunks one of the
    /// newest original cgroups, already printed, goes with its two caches
    /// (positions shift back by two: skips).
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

    @Test func positionResumeSkipsAndRepeatsEntriesUnderChurn() throws {
        let mc = try system(cgroups: 60)
        let reader = try readWithChurn(mc, resume: .position, cgroups: 60)
        #expect(reader.duplicates > 0)
        #expect(reader.missing > 0)
        // Each chunk walked back to its position from the head.
        #expect(reader.nodesVisited > UInt64(reader.linesPrinted) * 2)
    }

    @Test func aStableCursorNeitherSkipsNorRepeats() throws {
        let mc = try system(cgroups: 60)
        let reader = try readWithChurn(mc, resume: .stableCursor, cgroups: 60)
        #expect(reader.duplicates == 0)
        #expect(reader.missing == 0)
        #expect(reader.nodesVisited <= UInt64(reader.linesPrinted + reader.chunks))
        #expect(mc.kmem.stableReaders.isEmpty)
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
