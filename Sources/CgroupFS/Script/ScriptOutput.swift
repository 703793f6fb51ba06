/// How `memcg script` prints what it reads.
public enum ScriptOutputFormat: Sendable, Equatable {
    /// File contents as they read, `pid N` for `run --keep`, the time for `time`.
    case text
    /// JSON Lines: one object per `cat`, `expect`, `time` and `run --keep`,
    /// each with the script line's number and text.
    case json
}

/// One JSON object on one line, fields in the order they are added.
final class JSONLine {
    private(set) var text = "{"
    private var first = true

    private func key(_ name: String) {
        if !first { text += "," }
        first = false
        text += Self.quote(name) + ":"
    }

    func string(_ name: String, _ value: String) {
        key(name)
        text += Self.quote(value)
    }

    func number(_ name: String, _ value: some BinaryInteger) {
        key(name)
        text += String(value)
    }

    func bool(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// Closes the object; call once, last.
    var closed: String { text + "}" }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00" + UserText.hex2(scalar.value).lowercased()
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// When `--check-invariants` checks the whole model.
///
/// A full check costs time in proportion to the model's size, so checking
/// after every line makes a long script quadratic. `.scaled` checks after
/// the first line, then whenever the lines run since the last check reach
/// K = max(1, cgroups / 8) (cgroups live and dying, counted after the
/// line), and after the last line: the total cost grows with the script's
/// length, not its square. A failure names the line after which the check
/// ran; the break happened at or before it, after the previous check.
public enum InvariantSchedule: Sendable, Equatable {
    case never
    case everyLine
    case scaled

    /// Cgroups per line of spacing under `.scaled`.
    public static let cgroupsPerLine = 8

    func isDue(linesSinceCheck: Int, modelSize: Int, isLast: Bool) -> Bool {
        switch self {
        case .never: return false
        case .everyLine: return true
        case .scaled: return isLast || linesSinceCheck >= max(1, modelSize / Self.cgroupsPerLine)
        }
    }
}
