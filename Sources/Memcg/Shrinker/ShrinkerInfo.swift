/// One memcg's shrinker state on one node: the kernel's `shrinker_info`
/// (a bitmap of the shrinkers that may have objects, and since 5.13 the
/// deferred scan counts of memcg-aware shrinkers).
///
/// The bitmap grows with the highest shrinker ID that set a bit; deferred
/// counts are kept only where nonzero.
struct ShrinkerInfo {
    var map: [UInt64] = []
    var deferred: [Int: Int] = [:]

    func isSet(_ id: Int) -> Bool {
        let word = id >> 6
        return word < map.count && map[word] & (1 << UInt64(id & 63)) != 0
    }

    /// Sets the bit; returns whether it was clear.
    mutating func set(_ id: Int) -> Bool {
        let word = id >> 6
        if word >= map.count { map.append(contentsOf: repeatElement(0, count: word + 1 - map.count)) }
        let bit: UInt64 = 1 << UInt64(id & 63)
        defer { map[word] |= bit }
        return map[word] & bit == 0
    }

    mutating func clear(_ id: Int) {
        let word = id >> 6
        if word < map.count { map[word] &= ~(1 << UInt64(id & 63)) }
    }

    /// Set bits, ascending (`for_each_set_bit`).
    var setBits: [Int] {
        var result: [Int] = []
        for (w, word) in map.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                result.append(w << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }
}
