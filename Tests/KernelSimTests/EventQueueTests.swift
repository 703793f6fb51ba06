import Testing
@testable import KernelSim

@Suite struct EventQueueTests {
    /// Random interleavings of pushes and pops, with few distinct times so
    /// that ties are common, against a sorted list as the reference.
    @Test func popsInTimeThenInsertionOrder() {
        var random = SimRandom(seed: 99)
        var queue = EventQueue()
        var reference: [(time: UInt64, sequence: UInt64, cpu: Int32, background: Bool)] = []
        var sequence: UInt64 = 0
        var popped = 0
        var foreground = 0
        for round in 0..<6_000 {
            if random.uniform(below: 3) != 0 || queue.isEmpty {
                let time = random.uniform(below: 50)
                let cpu = Int32(random.uniform(below: 8))
                let background = random.uniform(below: 4) == 0
                queue.push(time: time, cpu: cpu, background: background, tag: "t") {}
                reference.append((time, sequence, cpu, background))
                if !background { foreground += 1 }
                sequence += 1
            } else {
                let index = reference.indices.min { a, b in
                    (reference[a].time, reference[a].sequence) < (reference[b].time, reference[b].sequence)
                }!
                let expected = reference.remove(at: index)
                let event = queue.removeFirst()
                #expect(event.time == expected.time && event.sequence == expected.sequence, "round \(round)")
                #expect(event.cpu == expected.cpu && event.isBackground == expected.background)
                if !expected.background { foreground -= 1 }
                popped += 1
            }
            #expect(queue.count == reference.count)
            #expect(queue.foregroundCount == foreground)
            if round % 97 == 0 { #expect(queue.nextTime == reference.map(\.time).min()) }
        }
        #expect(popped > 1_500)
        while !queue.isEmpty {
            let event = queue.removeFirst()
            let index = reference.indices.min { a, b in
                (reference[a].time, reference[a].sequence) < (reference[b].time, reference[b].sequence)
            }!
            let expected = reference.remove(at: index)
            #expect(event.time == expected.time && event.sequence == expected.sequence)
        }
        #expect(reference.isEmpty && queue.foregroundCount == 0)
    }

    /// Pinned trace of 1000 events at random delays. The lines checksum was
    /// recorded with the engine's first queue (swift-collections' min-max
    /// heap): a change there means the run order changed. The digest was
    /// re-pinned when the trace hash became word-wise.
    @Test func timedEventsDigestIsPinned() {
        let k = Kernel()
        k.trace.recording = true
        var random = SimRandom(seed: 7)
        for _ in 0..<1_000 {
            k.schedule(after: .nanoseconds(random.uniform(below: 1_000_000)), "bench.timed") {}
        }
        k.runUntilIdle()
        #expect(k.trace.digest == "afdff4f871c4fa82")
        #expect(linesChecksum(k.trace.lines) == "bc92d41b487d1d4e")
        #expect(k.now == VirtualTime(nanoseconds: 999_285))
    }
}
