/// Files that hold one value: memory.current and v1's
/// memory.usage_in_bytes / memory.kmem.usage_in_bytes (`"%llu\n"`), the
/// kernel release (`/proc/sys/kernel/osrelease`) and the CPU and node
/// lists of sysfs (`0-3,8-11`).
enum SingleValue {
    static func unsigned(_ bytes: [UInt8], file: String, diagnostics: inout HostDiagnostics) -> Int64? {
        let lines = TextLines(bytes, file: file)
        var result: Int64?
        var count = 0
        lines.forEach(&diagnostics) { range, number, diagnostics in
            count += 1
            guard count == 1 else {
                if count == 2 { diagnostics.add(HostDiagnostic(.warning, file: file, line: number, "expected one line; the rest is ignored")) }
                return
            }
            guard let value = lines.unsigned(range) else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number, "\(lines.quoted(range)) is not an unsigned number"))
                return
            }
            result = value
        }
        return result
    }

    /// The first line, without its newline.
    static func text(_ bytes: [UInt8], file: String, diagnostics: inout HostDiagnostics) -> String? {
        let lines = TextLines(bytes, file: file)
        var result: String?
        lines.forEach(&diagnostics) { range, _, _ in
            if result == nil { result = lines.string(range) }
        }
        return result
    }

    /// How many CPUs or nodes a sysfs list (`0-3,8-11`) names.
    static func listCount(_ bytes: [UInt8], file: String, diagnostics: inout HostDiagnostics) -> Int? {
        guard let text = self.text(bytes, file: file, diagnostics: &diagnostics) else { return nil }
        var total = 0
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!), low >= 0, low <= high, high < 1 << 20 else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: 1, "'\(text)' is not a list such as 0-3,8-11"))
                return nil
            }
            total += high - low + 1
        }
        return total > 0 ? total : nil
    }
}
