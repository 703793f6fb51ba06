/// The text of /proc/slabinfo, format version 2.1, as `slab_show()` and
/// `cache_show()` in mm/slab_common.c print it (SLUB, without the
/// CONFIG_DEBUG_SLAB statistics columns).
///
/// Only the rendering lives here; which caches are listed, and in which
/// order, is the allocator's (`SlabAllocator.slabinfoLines()`).
package enum SlabInfo {
    /// The first header line.
    static let versionLine = "slabinfo - version: 2.1"
    /// The second header line naming the columns.
    static let columnsLine =
        "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
        + " : tunables <limit> <batchcount> <sharedfactor>"
        + " : slabdata <active_slabs> <num_slabs> <sharedavail>"
    /// Both header lines, in order.
    package static let header = [versionLine, columnsLine]

    /// One cache's line, without the newline: the name left-justified in
    /// 17 columns, then right-justified numbers of minimum widths 6, 6, 6,
    /// 4, 4; tunables 4, 4, 4; slabdata 6, 6, 6. Wider values widen their
    /// column, as printf does (which counts bytes, not characters).
    ///
    /// Written byte by byte into one buffer: a reader of /proc/slabinfo
    /// formats a line per cache per pass, and building each from a dozen
    /// interpolated and padded strings cost tens of thousands of
    /// instructions a line.
    package static func line(_ s: SlabCacheStatistics) -> String {
        let name = s.name.utf8
        // The name or its padding, 11 columns of a space and at most 20
        // characters, and the two separators.
        let capacity = max(name.count, 17) + 11 * 21 + 2 * 11
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var line = LineWriter(buffer: buffer)
            line.append(name)
            line.appendSpaces(17 - name.count)
            line.column(s.activeObjects, width: 6)
            line.column(s.objects, width: 6)
            line.column(s.objectSize, width: 6)
            line.column(s.objectsPerSlab, width: 4)
            line.column(s.pagesPerSlab, width: 4)
            line.append(" : tunables")
            line.column(s.limit, width: 4)
            line.column(s.batchCount, width: 4)
            line.column(s.sharedFactor, width: 4)
            line.append(" : slabdata")
            line.column(s.activeSlabs, width: 6)
            line.column(s.slabs, width: 6)
            line.column(s.sharedAvail, width: 6)
            return line.count
        }
    }
}

/// Appends ASCII into a buffer known to be large enough.
private struct LineWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    mutating func append(_ bytes: some Collection<UInt8>) {
        for byte in bytes {
            buffer[count] = byte
            count += 1
        }
    }

    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    mutating func appendSpaces(_ n: Int) {
        for _ in 0..<max(n, 0) { append(" ") }
    }

    /// A space, then `value` right-justified in `width` columns (wider if
    /// it needs more).
    mutating func column(_ value: Int, width: Int) {
        append(" ")
        var digits = InlineArray<20, UInt8>(repeating: 0)  // least significant first
        var rest = value.magnitude
        var length = 0
        repeat {
            digits[length] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            length += 1
        } while rest > 0
        appendSpaces(width - length - (value < 0 ? 1 : 0))
        if value < 0 { append("-") }
        for i in stride(from: length - 1, through: 0, by: -1) {
            buffer[count] = digits[i]
            count += 1
        }
    }
}
