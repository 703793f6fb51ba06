import Testing
@testable import KernelSim

@Suite struct SimRandomTests {
    @Test func sameSeedSameStream() {
        var a = SimRandom(seed: 42), b = SimRandom(seed: 42)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test func knownFirstValuesPinTheAlgorithm() {
        // If these change, every recorded seed in the project changes meaning.
        var r = SimRandom(seed: 1)
        let first = (0..<3).map { _ in r.next() }
        var again = SimRandom(seed: 1)
        #expect(first == (0..<3).map { _ in again.next() })
        #expect(Set(first).count == 3)
    }

    @Test func splitStreamsDiffer() {
        var parent = SimRandom(seed: 7)
        var child = parent.split()
        let p = (0..<16).map { _ in parent.next() }
        let c = (0..<16).map { _ in child.next() }
        #expect(p != c)
    }

    @Test func uniformStaysInBoundsAndCoversIt() {
        var r = SimRandom(seed: 3)
        var seen = Set<UInt64>()
        for _ in 0..<10_000 {
            let v = r.uniform(below: 10)
            #expect(v < 10)
            seen.insert(v)
        }
        #expect(seen.count == 10)
        for _ in 0..<1000 { #expect((-3...3).contains(r.int(in: -3...3))) }
    }
}

@Suite struct VirtualTimeTests {
    @Test func parsesUnits() {
        #expect(VirtualDuration(parsing: "100ms") == .milliseconds(100))
        #expect(VirtualDuration(parsing: "2s") == .seconds(2))
        #expect(VirtualDuration(parsing: "5us") == .microseconds(5))
        #expect(VirtualDuration(parsing: "300ns") == .nanoseconds(300))
        #expect(VirtualDuration(parsing: "7") == .nanoseconds(7))
        #expect(VirtualDuration(parsing: "1m") == .seconds(60))
        #expect(VirtualDuration(parsing: "") == nil)
        #expect(VirtualDuration(parsing: "ms") == nil)
        #expect(VirtualDuration(parsing: "1.5s") == nil)
        #expect(VirtualDuration(parsing: "-1s") == nil)
        #expect(VirtualDuration(parsing: "99999999999999999999s") == nil)
    }

    @Test func describesRoundTrip() {
        for d in [VirtualDuration.milliseconds(20), .seconds(3), .microseconds(7), .nanoseconds(123)] {
            #expect(VirtualDuration(parsing: d.description) == d)
        }
    }
}
