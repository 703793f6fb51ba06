/// Something wrong or missing in what a host gave: a file that could not be
/// read, a line that did not parse, a key this reader does not know.
///
/// A diagnostic never stops a read: the line or file it names is left out
/// and the rest of the report goes on.
package struct HostDiagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
    enum Severity: String, Sendable, Codable, Comparable {
        /// Expected on some hosts (a file that needs root, a key of a newer kernel).
        case note
        /// Input that was malformed; the line or file was skipped.
        case warning

        static func < (a: Severity, b: Severity) -> Bool { a == .note && b == .warning }
    }

    let severity: Severity
    /// The file as the reader named it (a host path, or a snapshot's path).
    package let file: String
    /// 1-based line, when the problem is on a line.
    package let line: Int?
    package let message: String

    init(_ severity: Severity, file: String, line: Int? = nil, _ message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: severity: message`, the form compilers use.
    package var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(severity.rawValue): \(message)"
    }
}

/// Diagnostics gathered over a read, with repeats folded: the same message
/// on 100,000 cgroups' files is reported once, with the first file and line
/// and a count.
package struct HostDiagnostics: Sendable {
    package struct Entry: Sendable {
        package let first: HostDiagnostic
        package internal(set) var count: Int
    }

    package private(set) var entries: [Entry] = []
    private var indexByKey: [String: Int] = [:]

    init() {}

    /// Records a diagnostic. `foldKey` groups repeats (by default, the
    /// severity, the file's name without its directory, and the message:
    /// the same problem in another cgroup's memory.stat folds).
    package mutating func add(_ diagnostic: HostDiagnostic, foldKey: String? = nil) {
        add(diagnostic, count: 1, foldKey: foldKey)
    }

    package mutating func add(contentsOf other: HostDiagnostics) {
        for entry in other.entries { add(entry.first, count: entry.count) }
    }

    private mutating func add(_ diagnostic: HostDiagnostic, count: Int, foldKey: String? = nil) {
        let key = foldKey ?? "\(diagnostic.severity.rawValue)|\(diagnostic.file.split(separator: "/").last ?? "")|\(diagnostic.message)"
        if let index = indexByKey[key] {
            entries[index].count += count
        } else {
            indexByKey[key] = entries.count
            entries.append(Entry(first: diagnostic, count: count))
        }
    }

    package var isEmpty: Bool { entries.isEmpty }
    package var total: Int { entries.reduce(0) { $0 + $1.count } }

    /// One line per distinct problem: the first occurrence, then how many more.
    package var lines: [String] {
        entries.map { entry in
            entry.count > 1 ? "\(entry.first) (and \(entry.count - 1) more like it)" : entry.first.description
        }
    }
}
