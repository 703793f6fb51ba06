/// Something the model did that the kernel must never do: a reference
/// count dropped below zero, a freed object used, a leftover charge that
/// is not a whole page.
///
/// Violations are recorded, not trapped, so that a test can provoke one
/// on purpose and see it caught, and the randomized checker can report
/// the seed and step that produced it.
public struct ModelViolation: Error, Hashable, Sendable, CustomStringConvertible {
    /// A short stable name of the broken rule, e.g. `refcount-underflow`.
    public let rule: String
    let detail: String

    public init(_ rule: String, _ detail: String) {
        self.rule = rule
        self.detail = detail
    }

    public var description: String { "\(rule): \(detail)" }
}
