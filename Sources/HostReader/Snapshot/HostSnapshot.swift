public import Foundation

/// Everything a host read saw, in one JSON file a user can attach to a bug
/// report: each file's text, each read that failed and each directory
/// listing, under the host's own paths. `memcg host --from FILE` reads it
/// back through `SnapshotHostSource`, so the analysis of a snapshot is the
/// analysis of the host it was taken on.
public struct HostSnapshot: Codable, Sendable {
    /// The value of `format`, so a stray JSON file is told apart.
    static let formatName = "memcg-host-snapshot"
    /// The version this build writes and the newest it reads.
    static let currentVersion = 1

    public var format: String
    public var version: Int
    /// Files read, by host path, as text (invalid UTF-8 is replaced).
    public var files: [String: String]
    /// Reads that failed, by host path.
    package var failures: [String: HostReadFailure]
    /// Directory listings (subdirectory names, sorted), by host path.
    var directories: [String: [String]]

    init(files: [String: String] = [:], failures: [String: HostReadFailure] = [:], directories: [String: [String]] = [:]) {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.files = files
        self.failures = failures
        self.directories = directories
    }

    /// The snapshot as JSON with sorted keys: the same reads give the same bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Decodes a snapshot, refusing other formats and newer versions with
    /// a message that says which file and what to do.
    package static func decode(_ data: Data, file: String) throws(HostSnapshotError) -> HostSnapshot {
        struct Header: Decodable {
            let format: String?
            let version: Int?
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw HostSnapshotError(file: file, "not a JSON snapshot: \(Self.describe(error))")
        }
        guard header.format == formatName else {
            throw HostSnapshotError(file: file, "not a memcg host snapshot (its \"format\" is \(header.format.map { "'\($0)'" } ?? "missing"), expected '\(formatName)')")
        }
        guard let version = header.version else {
            throw HostSnapshotError(file: file, "the snapshot has no \"version\"")
        }
        guard version <= currentVersion else {
            throw HostSnapshotError(file: file, "snapshot format version \(version) is newer than this memcg reads (\(currentVersion)); use a newer memcg")
        }
        guard version >= 1 else {
            throw HostSnapshotError(file: file, "snapshot format version \(version) does not exist")
        }
        do {
            return try JSONDecoder().decode(HostSnapshot.self, from: data)
        } catch {
            throw HostSnapshotError(file: file, "damaged snapshot: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context): return "invalid JSON at \(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context): return "missing \"\(key.stringValue)\" at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "the top level" : context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}

/// A snapshot that cannot be used at all.
package struct HostSnapshotError: Error, CustomStringConvertible {
    package let file: String
    package let message: String

    init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    package var description: String { "\(file): \(message)" }
}
