/// A host as a snapshot recorded it. A path the snapshot does not hold
/// reads as missing (ENOENT), as it would on a host without the file.
public final class SnapshotHostSource: HostSource {
    public let snapshot: HostSnapshot
    /// The snapshot file's name, for diagnostics.
    public let name: String

    public init(_ snapshot: HostSnapshot, name: String) {
        self.snapshot = snapshot
        self.name = name
    }

    public func displayName(_ path: String) -> String { "\(name):\(path)" }

    public func read(_ path: String) -> HostFileResult {
        if let text = snapshot.files[path] { return .contents(Array(text.utf8)) }
        if let failure = snapshot.failures[path] { return .failed(failure) }
        return .failed(HostReadFailure(errno: "ENOENT", text: "not in the snapshot"))
    }

    public func subdirectories(_ path: String) -> HostDirectoryResult {
        if let names = snapshot.directories[path] { return .names(names) }
        if let failure = snapshot.failures[path] { return .failed(failure) }
        return .failed(HostReadFailure(errno: "ENOENT", text: "not in the snapshot"))
    }
}

/// Wraps a source and keeps everything read through it, for `--snapshot`.
public final class RecordingHostSource: HostSource {
    public let base: any HostSource
    public private(set) var snapshot = HostSnapshot()

    public init(_ base: any HostSource) {
        self.base = base
    }

    public func displayName(_ path: String) -> String { base.displayName(path) }

    public func read(_ path: String) -> HostFileResult {
        let result = base.read(path)
        switch result {
        case .contents(let bytes): snapshot.files[path] = String(decoding: bytes, as: UTF8.self)
        case .failed(let failure): snapshot.failures[path] = failure
        }
        return result
    }

    public func subdirectories(_ path: String) -> HostDirectoryResult {
        let result = base.subdirectories(path)
        switch result {
        case .names(let names): snapshot.directories[path] = names.sorted()
        case .failed(let failure): snapshot.failures[path] = failure
        }
        return result
    }
}
