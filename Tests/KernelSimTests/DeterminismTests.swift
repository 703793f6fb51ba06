import Testing
@testable import KernelSim

/// A mixed run of every engine facility, driven by the seeded generator.
private func mixedRun(seed: UInt64) -> (digest: String, lines: [String]) {
    let k = Kernel(KernelConfiguration(topology: try! Topology(cpus: 4, nodes: 2), seed: seed))
    k.trace.recording = true
    k.faults.register(.init(name: "work.delay", summary: "a work item is delayed"))
    try! k.faults.setDelay("work.delay", probability: 0.2, delay: .microseconds(50))
    let wq = k.makeWorkqueue("wq", maxActive: 2)
    let m = k.makeMutex("m")
    for _ in 0..<300 {
        let at = VirtualDuration(nanoseconds: k.random.uniform(below: 50_000_000))
        let cpu = k.random.index(below: 4)
        let kind = k.random.uniform(below: 3)
        k.schedule(after: at, on: cpu, "op") {
            switch kind {
            case 0:
                k.callRCU { k.trace.note("rcu@\(k.now.nanoseconds)") }
            case 1:
                wq.queue("w", cost: k.faults.delay("work.delay")) { k.trace.note("work cpu\(k.currentCPU)") }
            default:
                m.withLock(owner: "x", holdingFor: { .microseconds(k.random.uniform(below: 100)) })
            }
        }
    }
    k.runUntilIdle()
    return (k.trace.digest, k.trace.lines)
}

/// A checksum of recorded trace lines that does not depend on how the
/// engine hashes its trace: it pins the order events ran in on its own.
func linesChecksum(_ lines: [String]) -> String {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for line in lines {
        for byte in line.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        hash = (hash ^ 0x0A) &* 0x0000_0100_0000_01B3
    }
    return String(hash, radix: 16)
}

@Suite struct DeterminismTests {
    @Test func sameSeedGivesAByteIdenticalTrace() {
        let a = mixedRun(seed: 1234), b = mixedRun(seed: 1234)
        #expect(a.digest == b.digest)
        #expect(a.lines == b.lines)
        #expect(a.lines.count > 300)
    }

    /// The lines checksum was recorded with the engine's first queue
    /// (swift-collections' min-max heap): a change there means the run
    /// order changed. The digest was re-pinned when the trace hash became
    /// word-wise.
    @Test func mixedRunDigestIsPinned() {
        let run = mixedRun(seed: 1234)
        #expect(run.digest == "7d0346440fb7a125")
        #expect(run.lines.count == 915)
        #expect(linesChecksum(run.lines) == "c504dd12187b45fe")
    }

    /// The hash folds eight bytes at a time with a zero-padded tail, so
    /// strings that differ only in trailing zero bytes, or in one byte of
    /// the tail or of a full word, must still fold apart.
    @Test func traceHashTellsNearbyStringsApart() {
        let texts = ["", "\u{0}", "ab", "ab\u{0}", "abcdefgh", "abcdefgh\u{0}", "abcdefghi", "abcdefghj", "bbcdefghi",
                     "abcdefghijklmnop", "abcdefghijklmnoq"]
        var digests = Set<String>()
        for text in texts {
            var trace = EventTrace()
            trace.note(text)
            digests.insert(trace.digest)
        }
        #expect(digests.count == texts.count)
    }

    @Test func differentSeedGivesADifferentTrace() {
        #expect(mixedRun(seed: 1234).digest != mixedRun(seed: 1235).digest)
    }
}
