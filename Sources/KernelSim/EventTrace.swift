/// A fingerprint of everything the engine executed, for determinism checks.
///
/// Each executed event folds its time, CPU and tag into a 64-bit FNV-1a
/// hash; with `recording` on, it also keeps a readable line per event.
/// Layers add their own observations with `note(_:)`.
public struct EventTrace: Sendable {
    public private(set) var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    public private(set) var eventsRun: UInt64 = 0
    public var recording = false
    public private(set) var lines: [String] = []

    @inline(__always)
    mutating func fold(_ value: UInt64) {
        var v = value
        for _ in 0..<8 {
            hash = (hash ^ (v & 0xFF)) &* 0x0000_0100_0000_01B3
            v >>= 8
        }
    }

    mutating func fold(_ tag: StaticString) {
        tag.withUTF8Buffer { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
    }

    mutating func record(time: UInt64, cpu: Int32, tag: StaticString) {
        eventsRun &+= 1
        fold(time)
        fold(UInt64(UInt32(bitPattern: cpu)))
        fold(tag)
        if recording { lines.append("\(time) cpu\(cpu) \(tag)") }
    }

    /// Folds a layer's own observation (an allocation, a result) into the trace.
    public mutating func note(_ text: String) {
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        if recording { lines.append(text) }
    }

    /// The hash as 16 hex digits.
    public var digest: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
