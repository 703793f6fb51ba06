/// User-supplied text as error messages show it: at most `limit`
/// characters (a 1 MB value is shown by its head and its length), and
/// control bytes, quotes and backslashes escaped, so that a message is one
/// readable line that a terminal prints as it is.
package enum UserText {
    package static let limit = 64

    package static func quoted(_ text: some StringProtocol) -> String {
        "'" + escaped(text) + "'"
    }

    package static func escaped(_ text: some StringProtocol) -> String {
        var out = ""
        var shown = 0
        for scalar in text.unicodeScalars {
            if shown == limit {
                out += "...(\(text.utf8.count) bytes)"
                return out
            }
            shown += 1
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value):
                out += "\\x" + hex2(scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A message that may quote user text: control bytes escaped, and cut
    /// after `limit` characters with its full length said.
    static func clipped(_ message: String, limit: Int = 400) -> String {
        var out = ""
        var shown = 0
        for scalar in message.unicodeScalars {
            if shown == limit { return out + "...(\(message.utf8.count) bytes)" }
            shown += 1
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                out += "\\x" + hex2(scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func hex2(_ value: UInt32) -> String {
        let digits = Array("0123456789ABCDEF")
        return String(digits[Int(value >> 4) & 0xF]) + String(digits[Int(value) & 0xF])
    }
}
