import Foundation

/// How the report writes a number with its unit: thousands separators,
/// binary prefixes for bytes, a few significant digits for fractions.
package enum FigureFormat {
    /// `value` with its unit, e.g. "5.58 GiB", "38,555 pages", "84.6 %".
    package static func text(_ value: Double?, _ unit: FigureUnit) -> String {
        guard let value, value.isFinite else { return "n/a" }
        switch unit {
        case .bytes: return bytes(value)
        case .pages: return grouped(value) + (value == 1 ? " page" : " pages")
        case .count: return grouped(value)
        case .seconds: return grouped(value) + " s"
        case .milliseconds: return grouped(value) + " ms"
        case .percent: return grouped(value) + " %"
        case .exponent: return String(format: "%.2f", value)
        }
    }

    /// Bytes with the largest binary prefix that keeps the number at 1 or more.
    package static func bytes(_ value: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = value
        var i = 0
        while abs(v) >= 1024, i < units.count - 1 {
            v /= 1024
            i += 1
        }
        return (i == 0 ? grouped(v.rounded()) : grouped(v)) + " " + units[i]
    }

    /// An integer with thousands separators when it is one (or is large),
    /// otherwise three significant digits.
    static func grouped(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 100 || value == value.rounded() {
            let n = Int64(value.rounded())
            let digits = String(abs(n))
            var out = ""
            for (i, c) in digits.enumerated() {
                if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            return (n < 0 ? "-" : "") + out
        }
        let decimals = max(0, 2 - Int(floor(log10(magnitude))))
        return String(format: "%.\(decimals)f", value)
    }

    /// Seconds in the unit a person thinks in, for sentences: "2.6 h".
    package static func duration(_ seconds: Double) -> String {
        if seconds >= 86_400 { return String(format: "%.1f days", seconds / 86_400) }
        if seconds >= 3_600 { return String(format: "%.1f h", seconds / 3_600) }
        if seconds >= 60 { return String(format: "%.1f min", seconds / 60) }
        return text(seconds, .seconds)
    }
}
