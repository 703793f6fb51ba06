import Foundation

/// Byte counts as a person reads them: binary units, three significant
/// digits (`512 B`, `1.50 KiB`, `6.00 GiB`). JSON keeps the raw number.
package enum ByteCount {
    package static func text(_ bytes: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        guard bytes >= 1_024 else { return "\(bytes) B" }
        var value = Double(bytes)
        var unit = 0
        while value >= 1_024, unit < units.count - 1 {
            value /= 1_024
            unit += 1
        }
        let format = value >= 100 ? "%.0f %@" : value >= 10 ? "%.1f %@" : "%.2f %@"
        return String(format: format, value, units[unit])
    }

    package static func text(_ bytes: Double) -> String {
        bytes.isFinite && bytes >= 0 ? text(UInt64(min(bytes, Double(UInt64.max / 2)))) : formatNumber(bytes)
    }

    /// Whether a metric counts bytes (by the naming convention `*_bytes`).
    static func isByteMetric(_ name: String) -> Bool {
        name.hasSuffix("_bytes") || name == "bytes"
    }
}
