/// A small JSON writer that keeps keys in the order they are written, so a
/// report's bytes depend only on its contents. The report module writes its
/// JSON with it too.
package final class JSONWriter {
    package private(set) var text = ""
    private var needsComma = [false]

    package init() {}

    package func object(_ body: () -> Void) { container("{", "}", body) }

    /// An array whose elements `body` writes with the `element` calls or
    /// nested objects.
    package func array(_ body: () -> Void) { container("[", "]", body) }

    private func container(_ open: String, _ close: String, _ body: () -> Void) {
        separate()
        text += open
        needsComma.append(false)
        body()
        needsComma.removeLast()
        text += close
    }

    package func element(string: String) {
        separate()
        text += JSONWriter.quote(string)
    }

    package func element(number: Double) {
        separate()
        text += formatNumber(number)
    }

    package func field(_ name: String, bool: Bool) {
        key(name)
        text += bool ? "true" : "false"
        needsComma[needsComma.count - 1] = true
    }

    package func field(_ name: String, null: Void) {
        key(name)
        text += "null"
        needsComma[needsComma.count - 1] = true
    }

    package func key(_ name: String) {
        separate()
        text += JSONWriter.quote(name) + ":"
        needsComma[needsComma.count - 1] = false
    }

    package func field(_ name: String, string: String) {
        key(name)
        text += JSONWriter.quote(string)
        needsComma[needsComma.count - 1] = true
    }

    package func field(_ name: String, number: Double) {
        key(name)
        text += formatNumber(number)
        needsComma[needsComma.count - 1] = true
    }

    private func separate() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
