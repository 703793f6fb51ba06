/// A small JSON writer that keeps keys in the order they are written, so a
/// report's bytes depend only on its contents.
public final class JSONWriter {
    public init() {}
    public private(set) var text = ""
    private var needsComma = [false]

    public func object(_ body: () -> Void) {
        separate()
        text += "{"
        needsComma.append(false)
        body()
        needsComma.removeLast()
        text += "}"
    }

    public func key(_ name: String) {
        separate()
        text += JSONWriter.quote(name) + ":"
        needsComma[needsComma.count - 1] = false
    }

    public func field(_ name: String, string: String) {
        key(name)
        text += JSONWriter.quote(string)
        needsComma[needsComma.count - 1] = true
    }

    public func field(_ name: String, number: Double) {
        key(name)
        text += formatNumber(number)
        needsComma[needsComma.count - 1] = true
    }

    public func array(_ body: () -> Void) {
        separate()
        text += "["
        needsComma.append(false)
        body()
        needsComma.removeLast()
        text += "]"
    }

    public func string(_ value: String) {
        separate()
        text += JSONWriter.quote(value)
    }

    public func field(_ name: String, bool: Bool) {
        key(name)
        text += bool ? "true" : "false"
        needsComma[needsComma.count - 1] = true
    }

    private func separate() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    public static func quote(_ s: String) -> String {
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
