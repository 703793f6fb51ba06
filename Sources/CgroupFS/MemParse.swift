/// Parsing and printing of memory sizes the way the kernel's control files
/// do it.
public enum MemParse {
    /// The largest page count a counter holds (PAGE_COUNTER_MAX on 64-bit).
    public static let pageCounterMax = Int.max / 4_096

    /// memparse: an unsigned number in C notation (decimal, 0x hex, leading-0
    /// octal) with an optional K, M, G, T, P or E suffix (binary multiples,
    /// either case). Nothing may follow. Returns nil when malformed.
    public static func bytes(_ text: some StringProtocol) -> UInt64? {
        var digits = Substring(text)
        guard !digits.isEmpty else { return nil }
        var shift: UInt64 = 0
        if let last = digits.last, let s = suffixShift(last) {
            shift = s
            digits = digits.dropLast()
        }
        guard let value = parseCNumber(digits) else { return nil }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? UInt64.max : scaled
    }

    /// page_counter_memparse: `max` or a size, rounded down to pages and
    /// capped at PAGE_COUNTER_MAX.
    public static func pages(_ text: some StringProtocol) -> Int? {
        if text == "max" { return Int.max }
        guard let bytes = bytes(text) else { return nil }
        return Int(min(bytes / 4_096, UInt64(pageCounterMax)))
    }

    /// How a limit reads back: `max`, or bytes.
    public static func limitText(pages: Int) -> String {
        pages >= pageCounterMax ? "max" : String(pages * 4_096)
    }

    private static func suffixShift(_ c: Character) -> UInt64? {
        switch c {
        case "K", "k": return 10
        case "M", "m": return 20
        case "G", "g": return 30
        case "T", "t": return 40
        case "P", "p": return 50
        case "E", "e": return 60
        default: return nil
        }
    }

    private static func parseCNumber(_ s: Substring) -> UInt64? {
        guard !s.isEmpty else { return nil }
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            let hex = s.dropFirst(2)
            return hex.isEmpty ? nil : UInt64(hex, radix: 16)
        }
        if s.count > 1, s.hasPrefix("0") {
            return UInt64(s.dropFirst(), radix: 8)
        }
        return UInt64(s, radix: 10)
    }
}
