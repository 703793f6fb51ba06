/// A script's bytes as text: UTF-8, or a syntax error that names the line,
/// column and byte where the encoding breaks.
public enum ScriptSource {
    public static func decode(_ bytes: some Collection<UInt8>, file: String) throws(ScriptError) -> String {
        let array = Array(bytes)
        if let text = String(validating: array, as: UTF8.self) { return text }
        // Find the first byte that does not start or continue a valid sequence.
        var line = 1, lineStart = 0, index = 0
        while index < array.count {
            let byte = array[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            let length = sequenceLength(array, at: index)
            guard length > 0 else {
                throw .syntax(file: file, line: line,
                              message: "not UTF-8: byte 0x\(UserText.hex2(UInt32(array[index]))) at column \(index - lineStart + 1); scripts are UTF-8 text")
            }
            index += length
        }
        throw .syntax(file: file, line: line, message: "not UTF-8; scripts are UTF-8 text")
    }

    /// The length of the valid UTF-8 sequence at `i`, or 0.
    private static func sequenceLength(_ a: [UInt8], at i: Int) -> Int {
        let b = a[i]
        let length: Int
        switch b {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard i + length <= a.count else { return 0 }
        return String(validating: a[i..<(i + length)], as: UTF8.self) == nil ? 0 : length
    }
}
