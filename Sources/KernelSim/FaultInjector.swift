/// Named places where the model lets an operation fail or be delayed.
///
/// A layer registers its points once (name and what failing means); a run
/// sets rates. Draws come from a stream split off the kernel's generator,
/// and a point at rate zero draws nothing, so turning faults on for one
/// point does not change any other choice of the run.
package struct FaultInjector: Sendable {
    /// A registered fault point.
    package struct Point: Hashable, Sendable {
        package let name: String
        package let summary: String
        package init(name: String, summary: String) {
            self.name = name
            self.summary = summary
        }
    }

    package private(set) var points: [String: Point] = [:]
    private var failRates: [String: Double] = [:]
    private var delayRates: [String: (Double, VirtualDuration)] = [:]
    package private(set) var injected: [String: Int] = [:]
    private var random: SimRandom

    init(random: SimRandom) { self.random = random }

    package mutating func register(_ point: Point) {
        points[point.name] = point
    }

    /// Makes `point` fail with the given probability per evaluation.
    package mutating func setFailureRate(_ name: String, _ probability: Double) throws(SimError) {
        try check(name, probability)
        failRates[name] = probability
    }

    /// Makes `point` take `delay` longer with the given probability.
    mutating func setDelay(_ name: String, probability: Double, delay: VirtualDuration) throws(SimError) {
        try check(name, probability)
        delayRates[name] = (probability, delay)
    }

    private func check(_ name: String, _ probability: Double) throws(SimError) {
        guard points[name] != nil else {
            throw .unknownName(kind: "fault point", name: name, valid: points.keys.sorted())
        }
        guard probability >= 0, probability <= 1 else {
            throw .invalidArgument("fault rate for \(name) must be in [0, 1], got \(probability)")
        }
    }

    /// Whether this evaluation of `name` fails.
    package mutating func shouldFail(_ name: String) -> Bool {
        // Most runs set no rate: no hashing of the name on hot paths.
        guard !failRates.isEmpty, let rate = failRates[name], rate > 0 else { return false }
        if random.chance(rate) {
            injected[name, default: 0] += 1
            return true
        }
        return false
    }

    /// Extra latency for this evaluation of `name`.
    package mutating func delay(_ name: String) -> VirtualDuration {
        guard !delayRates.isEmpty, let (rate, delay) = delayRates[name], rate > 0 else { return .zero }
        if random.chance(rate) {
            injected[name, default: 0] += 1
            return delay
        }
        return .zero
    }
}
