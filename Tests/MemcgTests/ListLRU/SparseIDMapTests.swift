@testable import Memcg
import KernelSim
import Testing

/// The lazy design's ID map and the growable buffer behind the list tables.
@Suite struct SparseIDMapTests {
    @Test func mapsIDsInChunksOf64AndGivesChunksBackWhenEmpty() {
        var map = SparseIDMap()
        #expect(map.value(5) == nil && map.needsChunk(5))
        map.insert(5, 0, chunkHandle: 100)
        #expect(!map.needsChunk(63) && map.needsChunk(64))
        map.insert(63, 7, chunkHandle: 999)
        map.insert(65_535, 9, chunkHandle: 200)
        #expect(map.value(5) == 0 && map.value(63) == 7 && map.value(65_535) == 9 && map.value(6) == nil)
        #expect(map.count == 3 && map.chunks == 2)
        #expect(map.pairs.map(\.id) == [5, 63, 65_535])
        #expect(map.chunkHandles == [100, 200])
        #expect(map.remove(5) == nil, "the chunk still holds 63")
        #expect(map.remove(63) == 100, "the chunk emptied: its node handle comes back")
        #expect(map.remove(63) == nil)
        #expect(map.chunks == 1 && map.count == 1)
        // A freed chunk slot is reused.
        map.insert(1_000, 3, chunkHandle: 300)
        #expect(map.chunkHandles == [300, 200])
    }

    /// A randomized comparison against a dictionary, fixed seed.
    @Test func agreesWithADictionary() {
        var random = SimRandom(seed: 42)
        var map = SparseIDMap()
        var model: [Int: UInt32] = [:]
        for _ in 0..<5_000 {
            let id = random.int(in: 0...2_000)
            if model[id] == nil {
                let value = UInt32(random.int(in: 0...1_000_000))
                map.insert(id, value, chunkHandle: 0)
                model[id] = value
            } else {
                _ = map.remove(id)
                model[id] = nil
            }
        }
        #expect(map.count == model.count)
        #expect(map.pairs.map(\.id) == model.keys.sorted())
        #expect(map.pairs.allSatisfy { model[$0.id] == $0.value })
    }

    @Test func growableBufferGrowsAndKeepsItsElements() {
        var buffer = UnsafeGrowableBuffer<UInt64>(capacity: 2)
        for i in 0..<100 { buffer.append(UInt64(i)) }
        buffer.append(repeating: 7, count: 50)
        buffer[3] = 33
        #expect(buffer.count == 150 && buffer.capacity >= 150)
        #expect(buffer[3] == 33 && buffer[99] == 99 && buffer[149] == 7)
        #expect(buffer.removeLast() == 7 && buffer.count == 149)
        buffer.reserve(1_000)
        #expect(buffer.capacity == 1_000 && buffer.elements.prefix(3) == [0, 1, 2])
    }

    /// The buffer deinitializes its elements when its owner lets it go
    /// (and reallocation moves them without copies).
    @Test func growableBufferReleasesItsElementsWhenDropped() {
        final class Element {}
        weak var first: Element?
        do {
            var buffer = UnsafeGrowableBuffer<Element>(capacity: 1)
            let element = Element()
            first = element
            buffer.append(element)
            for _ in 0..<10 { buffer.append(Element()) }
            #expect(buffer.count == 11 && buffer[0] === element)
        }
        #expect(first == nil)
    }
}
