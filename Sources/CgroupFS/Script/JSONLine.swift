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

    /// A value that is already JSON text (an array or object).
    func raw(_ name: String, _ json: String) {
        key(name)
        text += json
    }

    /// Closes the object; call once, last.
    var closed: String { text + "}" }

    /// A JSON string literal.
    static func quote(_ s: String) -> String { JSONString.quote(s) }
}
