/// A fingerprint of everything the engine executed, for determinism checks.
///
/// Each executed event folds its time, CPU and tag into a 64-bit hash; with
/// `recording` on, it also keeps a readable line per event. Layers add their
/// own observations with `note(_:)`.
///
/// The hash takes a 64-bit word per step (rotate, xor, multiply by the
/// golden-ratio constant), not a byte: the engine folds every event it
/// runs, and the byte-wise FNV-1a it used before cost about 185
/// instructions an event against about 110 for this.
public struct EventTrace: Sendable {
    public private(set) var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    public private(set) var eventsRun: UInt64 = 0
    var recording = false
    public private(set) var lines: [String] = []

    @inline(__always)
    mutating func fold(_ word: UInt64) {
        hash = (((hash << 5) | (hash >> 59)) ^ word) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Folds the bytes eight at a time, the last word zero-padded, then the
    /// length, so that no two byte strings fold alike by padding.
    mutating func fold(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        var offset = 0
        while offset &+ 8 <= count {
            fold(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        let rest = count - offset
        var tail: UInt64 = 0
        if rest > 0 && count >= 8 {
            // The last eight bytes in one load; the ones already folded
            // shift out.
            let last = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            tail = last &>> UInt64(8 &* (8 &- rest))
        } else {
            for i in 0..<rest { tail |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
        }
        fold(tail)
        fold(UInt64(count))
    }

    mutating func record(time: UInt64, cpu: Int32, tag: StaticString) {
        eventsRun &+= 1
        fold(time)
        fold(UInt64(UInt32(bitPattern: cpu)))
        if tag.hasPointerRepresentation {
            fold(UnsafeRawBufferPointer(start: tag.utf8Start, count: tag.utf8CodeUnitCount))
        } else {
            tag.withUTF8Buffer { fold(UnsafeRawBufferPointer($0)) }
        }
        if recording { lines.append("\(time) cpu\(cpu) \(tag)") }
    }

    /// Folds `count` firings of an idle periodic timer that the engine
    /// skipped over as one entry: they count as events run, and the digest
    /// stays a function of the inputs (though not the one running each
    /// firing would give).
    mutating func recordSkipped(_ count: UInt64, lastTime: UInt64, cpu: Int32, tag: StaticString) {
        eventsRun &+= count
        fold(0x5350_4B49_5050_4544)  // "SKIPPED"
        fold(count)
        fold(lastTime)
        fold(UInt64(UInt32(bitPattern: cpu)))
        if recording { lines.append("\(lastTime) cpu\(cpu) \(tag) x\(count) (skipped while idle)") }
    }

    /// Folds a layer's own observation (an allocation, a result) into the trace.
    public mutating func note(_ text: String) {
        var text = text
        text.withUTF8 { fold(UnsafeRawBufferPointer($0)) }
        if recording { lines.append(text) }
    }

    /// The hash as 16 hex digits.
    public var digest: String {
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
