public import Memcg

/// A `MemcgError` or a script-level failure of a workload action, carried
/// in a `ScriptError`.
public struct MemcgErrorBox: Error, Equatable, Sendable, CustomStringConvertible {
    public let errno: Errno
    public let reason: String

    public init(_ error: MemcgError) {
        errno = error.errno
        reason = error.reason
    }

    public var description: String { "\(errno.name) (\(errno.message)): \(reason)" }
}
