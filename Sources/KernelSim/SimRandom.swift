/// The simulation's own pseudo-random generator: xoshiro256** seeded
/// through SplitMix64.
///
/// The system generator is never used, so a run is reproducible on any
/// machine and any Swift version. `split()` derives an independent stream,
/// so that a layer drawing more or fewer numbers (fault injection, say)
/// does not shift the choices of another.
public struct SimRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var mixer = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&mixer)
        s1 = splitMix(&mixer)
        s2 = splitMix(&mixer)
        s3 = splitMix(&mixer)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A new generator whose stream does not overlap this one's in practice.
    public mutating func split() -> SimRandom {
        SimRandom(seed: next() ^ 0xD1B5_4A32_D192_ED03)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection),
    /// defined here rather than taken from the standard library so that the
    /// sequence never depends on the library's algorithm.
    public mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "uniform(below: 0)")
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold {
                m = next().multipliedFullWidth(by: bound)
            }
        }
        return m.high
    }

    /// A uniform integer in the closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(uniform(below: span))
    }

    /// A uniform integer in `0..<count`.
    public mutating func index(below count: Int) -> Int { Int(uniform(below: UInt64(count))) }

    /// A double in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// True with the given probability.
    public mutating func chance(_ probability: Double) -> Bool {
        probability > 0 && unit() < probability
    }
}
