/// An instant on the simulation's virtual clock, in nanoseconds since boot.
///
/// Nothing in the model reads the host's clock: every latency the model
/// reports is a difference of two `VirtualTime`s.
public struct VirtualTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public static let zero = VirtualTime(nanoseconds: 0)

    public static func < (lhs: VirtualTime, rhs: VirtualTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public static func + (lhs: VirtualTime, rhs: VirtualDuration) -> VirtualTime {
        VirtualTime(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }

    public static func - (lhs: VirtualTime, rhs: VirtualTime) -> VirtualDuration {
        VirtualDuration(nanoseconds: lhs.nanoseconds >= rhs.nanoseconds ? lhs.nanoseconds - rhs.nanoseconds : 0)
    }

    public var description: String { VirtualDuration(nanoseconds: nanoseconds).description }
}

/// A span of virtual time in nanoseconds.
public struct VirtualDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public static let zero = VirtualDuration(nanoseconds: 0)
    public static func nanoseconds(_ n: UInt64) -> VirtualDuration { .init(nanoseconds: n) }
    public static func microseconds(_ n: UInt64) -> VirtualDuration { .init(nanoseconds: n * 1_000) }
    public static func milliseconds(_ n: UInt64) -> VirtualDuration { .init(nanoseconds: n * 1_000_000) }
    public static func seconds(_ n: UInt64) -> VirtualDuration { .init(nanoseconds: n * 1_000_000_000) }

    public static func < (lhs: VirtualDuration, rhs: VirtualDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    public static func + (lhs: VirtualDuration, rhs: VirtualDuration) -> VirtualDuration {
        .init(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }
    public static func += (lhs: inout VirtualDuration, rhs: VirtualDuration) { lhs = lhs + rhs }
    public static func * (lhs: VirtualDuration, rhs: UInt64) -> VirtualDuration {
        .init(nanoseconds: lhs.nanoseconds &* rhs)
    }

    public var seconds: Double { Double(nanoseconds) / 1e9 }
    public var milliseconds: Double { Double(nanoseconds) / 1e6 }

    /// Parses `250ns`, `10us`, `100ms`, `2s`, `1m` (minutes); a bare number is nanoseconds.
    public init?(parsing text: some StringProtocol) {
        let units: [(String, UInt64)] = [("ns", 1), ("us", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000)]
        var digits = Substring(text)
        var scale: UInt64 = 1
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            let candidate = text.dropLast(suffix.count)
            if let last = candidate.last, last.isNumber {
                digits = Substring(candidate)
                scale = factor
                break
            }
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber), let value = UInt64(digits) else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        self.nanoseconds = product
    }

    public var description: String {
        switch nanoseconds {
        case 0: return "0s"
        case let n where n % 1_000_000_000 == 0: return "\(n / 1_000_000_000)s"
        case let n where n % 1_000_000 == 0: return "\(n / 1_000_000)ms"
        case let n where n % 1_000 == 0: return "\(n / 1_000)us"
        default: return "\(nanoseconds)ns"
        }
    }
}
