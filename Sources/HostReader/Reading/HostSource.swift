/// Where a host's files come from: the running machine (`LiveHostSource`)
/// or a snapshot of one (`SnapshotHostSource`). Paths are the host's own
/// (`/proc/cgroups`, `/sys/fs/cgroup/a/memory.stat`), whatever the source.
public protocol HostSource: AnyObject {
    /// A file's bytes, or why it could not be read.
    func read(_ path: String) -> HostFileResult
    /// The names of a directory's subdirectories, in any order.
    func subdirectories(_ path: String) -> HostDirectoryResult
    /// How diagnostics name a path: the real file for a live host, the
    /// snapshot and path for a snapshot.
    func displayName(_ path: String) -> String
}

/// What reading one of a host's files gave: its bytes or the failure.
public enum HostFileResult: Sendable {
    case contents([UInt8])
    case failed(HostReadFailure)
}

/// What listing one of a host's directories gave: the names of its
/// subdirectories or the failure.
public enum HostDirectoryResult: Sendable {
    case names([String])
    case failed(HostReadFailure)
}

/// Why a file or directory could not be read: the errno, as the C library
/// names it, and its text.
public struct HostReadFailure: Hashable, Sendable, Codable, CustomStringConvertible {
    public let errno: String
    public let text: String

    public init(errno: String, text: String) {
        self.errno = errno
        self.text = text
    }

    var isMissing: Bool { errno == "ENOENT" }
    public var description: String { "\(text) (\(errno))" }
}
