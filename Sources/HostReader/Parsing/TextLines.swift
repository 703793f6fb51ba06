/// The lines of a kernel text file, as bytes, with the checks every parser
/// here needs: the kernel ends each line with a newline, so text after the
/// last newline is a truncated read (or a damaged snapshot) and is dropped
/// with a warning rather than parsed as a shorter number.
struct TextLines {
    let bytes: [UInt8]
    let file: String

    init(_ bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Calls `body` with each complete line's byte range and 1-based number.
    /// Reports an empty file and an unterminated last line.
    func forEach(_ diagnostics: inout HostDiagnostics, _ body: (Range<Int>, Int, inout HostDiagnostics) -> Void) {
        guard !bytes.isEmpty else {
            diagnostics.add(HostDiagnostic(.warning, file: file, "the file is empty"))
            return
        }
        var start = 0
        var number = 1
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index < count {
                if buffer[index] == 0x0A {
                    body(start..<index, number, &diagnostics)
                    number += 1
                    start = index + 1
                }
                index += 1
            }
        }
        if start < bytes.count {
            diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                           "the last line has no newline (truncated read?); it was skipped"))
        }
    }

    /// The whitespace-separated fields of a line (spaces and tabs).
    func fields(_ range: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = range.lowerBound
        while index < range.upperBound {
            while index < range.upperBound, Self.isBlank(bytes[index]) { index += 1 }
            let start = index
            while index < range.upperBound, !Self.isBlank(bytes[index]) { index += 1 }
            if start < index { result.append(start..<index) }
        }
        return result
    }

    /// The two fields of a `KEY VALUE` line, or nil when it has another count.
    func twoFields(_ range: Range<Int>) -> (Range<Int>, Range<Int>)? {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end, Self.isBlank(bytes[i]) { i += 1 }
        let keyStart = i
        while i < end, !Self.isBlank(bytes[i]) { i += 1 }
        let keyEnd = i
        while i < end, Self.isBlank(bytes[i]) { i += 1 }
        let valueStart = i
        while i < end, !Self.isBlank(bytes[i]) { i += 1 }
        let valueEnd = i
        while i < end, Self.isBlank(bytes[i]) { i += 1 }
        guard keyStart < keyEnd, valueStart < valueEnd, i == end else { return nil }
        return (keyStart..<keyEnd, valueStart..<valueEnd)
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// A short, printable rendering of a field for messages.
    func quoted(_ range: Range<Int>) -> String {
        let shown = bytes[range].prefix(40).map { byte -> String in
            (0x20...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
        }.joined()
        return "'" + shown + (range.count > 40 ? "...'" : "'")
    }

    /// An unsigned decimal (what the kernel prints with %lu/%llu/%d for
    /// counts); nil for anything else, including values past Int64.max.
    func unsigned(_ range: Range<Int>) -> Int64? {
        guard !range.isEmpty, range.count <= 20 else { return nil }
        var value: Int64 = 0
        for index in range {
            let byte = bytes[index]
            guard Self.isDigit(byte) else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(byte &- 0x30))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        return value
    }

    /// Whether every byte of a key is one the kernel uses in names.
    func isKey(_ range: Range<Int>, extra: Set<UInt8> = []) -> Bool {
        bytes[range].allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || Self.isDigit(byte) || byte == 0x5F || extra.contains(byte)
        }
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
