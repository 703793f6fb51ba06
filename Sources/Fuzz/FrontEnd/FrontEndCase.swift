/// One input for the front ends: a `memcg` command line, with a script
/// file's bytes when the command runs one.
package struct FrontEndCase: Sendable, Equatable {
    /// The arguments after `memcg`. `FrontEndCase.scriptPlaceholder` stands
    /// for the path the script is written to.
    package var arguments: [String]
    /// The script's bytes (any bytes: CRLF, non-UTF-8, huge lines), if the
    /// command runs one.
    package var script: [UInt8]?

    static let scriptPlaceholder = "@SCRIPT@"

    init(arguments: [String], script: [UInt8]? = nil) {
        self.arguments = arguments
        self.script = script
    }

    /// The arguments with the placeholder replaced by `path`.
    package func arguments(scriptPath path: String) -> [String] {
        arguments.map { $0 == Self.scriptPlaceholder ? path : $0 }
    }

    /// A shell command line that reruns the case (`script.memcg` beside it).
    package func shellLine(scriptFile: String) -> String {
        (["memcg"] + arguments(scriptPath: scriptFile)).map(Self.shellQuote).joined(separator: " ")
    }

    static func shellQuote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=,:@+".unicodeScalars.contains($0)
        }
        guard !safe || word.isEmpty else { return word }
        var quoted = "'"
        for c in word { quoted += c == "'" ? "'\\''" : String(c) }
        return quoted + "'"
    }
}

/// What became of a case.
package enum FrontEndOutcome: Sendable, Equatable {
    /// The process exited with one of the documented statuses.
    case documented(Int32)
    /// It exited with a status the README does not list.
    case undocumented(Int32)
    /// A signal ended it (a trap, an abort): a crash.
    case crashed(signal: Int32)
    /// It ran past the per-case time limit and was killed.
    case hung(seconds: Double)

    package var isFailure: Bool {
        if case .documented = self { return false }
        return true
    }

    package var summary: String {
        switch self {
        case .documented(let status): return "exit \(status)"
        case .undocumented(let status): return "undocumented exit status \(status)"
        case .crashed(let signal): return "crashed (signal \(signal))"
        case .hung(let seconds): return "hung (killed after \(seconds) s)"
        }
    }
}
