public import Memcg

/// A broken invariant found by a randomized run, with what reproduces it.
public struct FuzzFailure: Error, Sendable, CustomStringConvertible {
    public let designName: String
    public let seed: UInt64
    /// The 1-based operation after which the invariant was found broken
    /// (operations + 1 for the teardown at the end).
    public let step: Int
    public let violations: [ModelViolation]
    /// A `memcg script` that replays the run up to the failure.
    public let script: String
    /// The options to give `memcg script` with that file.
    package let replayOptions: String

    var invariant: String { violations.first?.rule ?? "unknown" }

    public var description: String {
        let details = violations.prefix(3).map { "  " + $0.description }.joined(separator: "\n")
        return "invariant \(invariant) broken: design \(designName) seed \(seed) step \(step)\n\(details)"
    }
}
