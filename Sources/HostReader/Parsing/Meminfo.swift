/// /proc/meminfo: `Key:   value kB` lines (fs/proc/meminfo.c
/// `meminfo_proc_show()`, `show_val_kb()`), a few without a unit
/// (`HugePages_Total: 0`). Values are kept in bytes where the unit is kB
/// and as printed otherwise.
package struct Meminfo: Hashable, Sendable {
    /// Every parsed line, in file order.
    package private(set) var entries: [(key: String, value: Int64)] = []

    package subscript(key: String) -> Int64? {
        entries.first { $0.key == key }?.value
    }

    package static func == (a: Meminfo, b: Meminfo) -> Bool {
        a.entries.elementsEqual(b.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    package func hash(into hasher: inout Hasher) {
        for entry in entries { hasher.combine(entry.key); hasher.combine(entry.value) }
    }

    static func parse(_ bytes: [UInt8], file: String, diagnostics: inout HostDiagnostics) -> Meminfo {
        let lines = TextLines(bytes, file: file)
        var info = Meminfo()
        let keyBytes: Set<UInt8> = [UInt8(ascii: "("), UInt8(ascii: ")")]
        lines.forEach(&diagnostics) { range, number, diagnostics in
            let fields = lines.fields(range)
            guard (2...3).contains(fields.count), let last = fields[0].last, lines.bytes[last] == UInt8(ascii: ":") else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number, "expected 'Key: VALUE [kB]'; line skipped"))
                return
            }
            let keyRange = fields[0].lowerBound..<last
            guard !keyRange.isEmpty, lines.isKey(keyRange, extra: keyBytes) else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number, "garbled key \(lines.quoted(fields[0])); line skipped"))
                return
            }
            let key = lines.string(keyRange)
            guard let value = lines.unsigned(fields[1]) else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "value \(lines.quoted(fields[1])) of '\(key)' is not an unsigned number; line skipped"))
                return
            }
            var scaled = value
            if fields.count == 3 {
                guard lines.string(fields[2]) == "kB" else {
                    diagnostics.add(HostDiagnostic(.warning, file: file, line: number, "unit \(lines.quoted(fields[2])) is not kB; line skipped"))
                    return
                }
                let (bytes, overflow) = value.multipliedReportingOverflow(by: 1_024)
                guard !overflow else {
                    diagnostics.add(HostDiagnostic(.warning, file: file, line: number, "'\(key)' is too large; line skipped"))
                    return
                }
                scaled = bytes
            }
            info.entries.append((key, scaled))
        }
        return info
    }
}
