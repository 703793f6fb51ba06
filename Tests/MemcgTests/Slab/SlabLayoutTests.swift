import Testing
@testable import Memcg

@Suite struct SlabLayoutTests {
    /// (size, order, objects per slab) with 4 CPUs and 4 KiB pages: at
    /// least 16 objects per slab within order 3, waste at most 1/16.
    @Test(arguments: [
        (8, 0, 512), (16, 0, 256), (32, 0, 128), (64, 0, 64), (96, 0, 42), (128, 0, 32),
        (192, 0, 21), (256, 0, 16), (512, 1, 16), (1024, 2, 16), (2048, 3, 16), (4096, 3, 8), (8192, 3, 4),
    ])
    func kmallocGeometryWithFourCPUs(size: Int, order: Int, objects: Int) throws {
        let layout = try SlabLayout(objectSize: size, align: 0, flags: [], cpus: 4, pageSize: 4096)
        #expect(layout.size == size)
        #expect(layout.order == order)
        #expect(layout.objectsPerSlab == objects)
        #expect(layout.pagesPerSlab == 1 << order)
    }

    @Test func moreCPUsAskForBiggerSlabs() throws {
        // 64 CPUs: at least 4 * (7 + 1) = 32 objects per slab.
        let k512 = try SlabLayout(objectSize: 512, align: 0, flags: [], cpus: 64, pageSize: 4096)
        #expect(k512.order == 2 && k512.objectsPerSlab == 32)
        let k1k = try SlabLayout(objectSize: 1024, align: 0, flags: [], cpus: 64, pageSize: 4096)
        #expect(k1k.order == 3 && k1k.objectsPerSlab == 32)
        // One CPU: 8 objects suffice.
        let k512small = try SlabLayout(objectSize: 512, align: 0, flags: [], cpus: 1, pageSize: 4096)
        #expect(k512small.order == 0 && k512small.objectsPerSlab == 8)
    }

    @Test func wasteDecidesTheOrder() throws {
        // 700 bytes: order 2 holds 23 objects leaving 192 bytes (< 1/16 of 16 KiB).
        let layout = try SlabLayout(objectSize: 700, align: 0, flags: [], cpus: 4, pageSize: 4096)
        #expect(layout.size == 704)
        #expect(layout.order == 2)
        #expect(layout.objectsPerSlab == 16384 / 704)
        #expect((4096 << layout.order) % layout.size <= (4096 << layout.order) / 16)
    }

    @Test func objectsTooBigForOrderThreeGetOneEach() throws {
        let layout = try SlabLayout(objectSize: 40_000, align: 0, flags: [], cpus: 4, pageSize: 4096)
        #expect(layout.order == 4)
        #expect(layout.objectsPerSlab == 1)
    }

    @Test func flagsChangeTheStride() throws {
        let rcu = try SlabLayout(objectSize: 24, align: 0, flags: .typesafeByRCU, cpus: 4, pageSize: 4096)
        #expect(rcu.size == 32)
        let hw = try SlabLayout(objectSize: 40, align: 0, flags: .hardwareCacheAlign, cpus: 4, pageSize: 4096)
        #expect(hw.size == 64 && hw.align == 64)
        let hwSmall = try SlabLayout(objectSize: 12, align: 0, flags: .hardwareCacheAlign, cpus: 4, pageSize: 4096)
        #expect(hwSmall.size == 16)
        let aligned = try SlabLayout(objectSize: 24, align: 32, flags: [], cpus: 4, pageSize: 4096)
        #expect(aligned.size == 32)
        let odd = try SlabLayout(objectSize: 13, align: 0, flags: [], cpus: 4, pageSize: 4096)
        #expect(odd.size == 16 && odd.objectSize == 13)
    }

    @Test func minPartialFollowsTheSize() throws {
        #expect(try SlabLayout(objectSize: 32, align: 0, flags: [], cpus: 4, pageSize: 4096).minPartial == 5)
        #expect(try SlabLayout(objectSize: 4096, align: 0, flags: [], cpus: 4, pageSize: 4096).minPartial == 6)
        #expect(try SlabLayout(objectSize: 1 << 21, align: 0, flags: [], cpus: 4, pageSize: 4096).minPartial == 10)
    }

    @Test func invalidArgumentsAreRejected() {
        #expect(throws: SlabError.self) { try SlabLayout(objectSize: 0, align: 0, flags: [], cpus: 4, pageSize: 4096) }
        #expect(throws: SlabError.self) { try SlabLayout(objectSize: 8, align: 24, flags: [], cpus: 4, pageSize: 4096) }
        #expect(throws: SlabError.self) { try SlabLayout(objectSize: 5 << 20, align: 0, flags: [], cpus: 4, pageSize: 4096) }
    }
}
