import CgroupFS

/// A small JSON writer that keeps keys in the order they are written, so a
/// report's bytes depend only on its contents.
package final class JSONWriter {
    package init() {}
    package private(set) var text = ""
    private var needsComma = [false]

    package func object(_ body: () -> Void) { container("{", "}", body) }

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

    /// An array whose elements `body` writes with `string`, `number` or
    /// nested objects and arrays.
    package func array(_ body: () -> Void) { container("[", "]", body) }

    package func string(_ value: String) {
        separate()
        text += JSONWriter.quote(value)
    }

    package func number(_ value: Double) {
        separate()
        text += formatNumber(value)
    }

    package func field(_ name: String, bool: Bool) {
        key(name)
        text += bool ? "true" : "false"
        needsComma[needsComma.count - 1] = true
    }

    /// A null value: a figure a design does not have.
    package func field(_ name: String, null: Void) {
        key(name)
        text += "null"
        needsComma[needsComma.count - 1] = true
    }

    private func container(_ open: String, _ close: String, _ body: () -> Void) {
        separate()
        text += open
        needsComma.append(false)
        body()
        needsComma.removeLast()
        text += close
    }

    private func separate() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    /// A JSON string literal (one escaping rule for the whole package).
    package static func quote(_ s: String) -> String { JSONString.quote(s) }
}
