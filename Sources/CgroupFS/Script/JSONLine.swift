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
