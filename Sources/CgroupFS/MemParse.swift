/// Parsing and printing of memory sizes the way the kernel's control files
/// do it.
package enum MemParse {
    /// The largest page count a counter holds (PAGE_COUNTER_MAX on 64-bit).
    static let pageCounterMax = Int.max / 4_096

    /// memparse (lib/cmdline.c): simple_strtoull with base 0, then an
    /// optional K, M, G, T, P or E suffix (binary multiples, either case),
    /// and nothing after it (page_counter_memparse's `*end != '\0'`).
    ///
    /// Exactly the kernel's arithmetic: no sign is accepted, a `0x` prefix
    /// counts only when a hex digit follows it (`0x1e` is 30 bytes: the
    /// `e` is a digit, not the exa suffix), neither the digits nor the
    /// suffix's shifts check for overflow (`16E` is 2^64, which wraps to
    /// 0), and an empty string or a lone suffix parses as 0, as the kernel's
    /// does. Returns nil when the kernel returns -EINVAL.
    package static func bytes(_ text: some StringProtocol) -> UInt64? {
        let s = Array(text.utf8)
        var index = 0
        let (value, end) = simpleStrtoull(s, from: 0)
        index = end
        var result = value
        if index < s.count, let shift = suffixShift(s[index]) {
            result = shift >= 64 ? 0 : result << shift
            index += 1
        }
        return index == s.count ? result : nil
    }

    /// page_counter_memparse: `max` or a size, rounded down to pages and
    /// capped at PAGE_COUNTER_MAX.
    package static func pages(_ text: some StringProtocol) -> Int? {
        if text == "max" { return Int.max }
        guard let bytes = bytes(text) else { return nil }
        return Int(min(bytes / 4_096, UInt64(pageCounterMax)))
    }

    /// How a limit reads back: `max`, or bytes.
    static func limitText(pages: Int) -> String {
        pages >= pageCounterMax ? "max" : String(pages * 4_096)
    }

    /// kstrtoint with base 0, as cgroup_procs_write_start parses a pid: an
    /// optional `+` or `-`, C notation (`0x` hex, leading-0 octal), at least
    /// one digit, nothing after it, and the value in `Int32`'s range. Nil
    /// where the kernel returns an error (-EINVAL or -ERANGE).
    static func kstrtoint(_ text: some StringProtocol) -> Int32? {
        var s = Array(text.utf8)
        var negative = false
        if s.first == UInt8(ascii: "-") {
            negative = true
            s.removeFirst()
        } else if s.first == UInt8(ascii: "+") {
            s.removeFirst()
        }
        let base = guessBase(s, from: 0)
        let start = base == 16 ? 2 : 0
        var value: UInt64 = 0
        var index = start
        while index < s.count, let digit = digitValue(s[index]), digit < base {
            let (times, o1) = value.multipliedReportingOverflow(by: base)
            let (sum, o2) = times.addingReportingOverflow(digit)
            guard !o1, !o2 else { return nil }  // -ERANGE
            value = sum
            index += 1
        }
        guard index > start, index == s.count else { return nil }
        if negative {
            guard value <= UInt64(Int32.max) + 1 else { return nil }
            return Int32(truncatingIfNeeded: 0 &- Int64(value))
        }
        return value <= UInt64(Int32.max) ? Int32(value) : nil
    }

    /// `_parse_integer_fixup_radix` for base 0: `0x` then a hex digit is
    /// hex, another leading `0` octal, anything else decimal.
    private static func guessBase(_ s: [UInt8], from i: Int) -> UInt64 {
        guard i < s.count, s[i] == UInt8(ascii: "0") else { return 10 }
        if i + 2 < s.count, s[i + 1] | 0x20 == UInt8(ascii: "x"), let d = digitValue(s[i + 2]), d < 16 { return 16 }
        return 8
    }

    /// simple_strtoull(s, &end, 0): the value (wrapping, unchecked) and
    /// where the digits end (where they started when there were none).
    private static func simpleStrtoull(_ s: [UInt8], from start: Int) -> (UInt64, Int) {
        let base = guessBase(s, from: start)
        var index = base == 16 ? start + 2 : start
        var value: UInt64 = 0
        while index < s.count, let digit = digitValue(s[index]), digit < base {
            value = value &* base &+ digit
            index += 1
        }
        return (value, index)
    }

    private static func digitValue(_ c: UInt8) -> UInt64? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt64(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt64(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static func suffixShift(_ c: UInt8) -> UInt64? {
        switch c | 0x20 {
        case UInt8(ascii: "k"): return 10
        case UInt8(ascii: "m"): return 20
        case UInt8(ascii: "g"): return 30
        case UInt8(ascii: "t"): return 40
        case UInt8(ascii: "p"): return 50
        case UInt8(ascii: "e"): return 60
        default: return nil
        }
    }
}
