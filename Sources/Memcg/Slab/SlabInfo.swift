/// The text of /proc/slabinfo, format version 2.1, as `slab_show()` and
/// `cache_show()` in mm/slab_common.c print it (SLUB, without the
/// CONFIG_DEBUG_SLAB statistics columns).
///
/// Only the rendering lives here; which caches are listed, and in which
/// order, is the allocator's (`SlabAllocator.slabinfoLines()`).
public enum SlabInfo {
    /// The first header line.
    public static let versionLine = "slabinfo - version: 2.1"
    /// The second header line naming the columns.
    public static let columnsLine =
        "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
        + " : tunables <limit> <batchcount> <sharedfactor>"
        + " : slabdata <active_slabs> <num_slabs> <sharedavail>"
    /// Both header lines, in order.
    public static let header = [versionLine, columnsLine]

    /// One cache's line, without the newline: the name left-justified in
    /// 17 columns, then right-justified numbers of minimum widths 6, 6, 6,
    /// 4, 4; tunables 4, 4, 4; slabdata 6, 6, 6. Wider values widen their
    /// column, as printf does.
    public static func line(_ s: SlabCacheStatistics) -> String {
        var text = pad(s.name, 17, left: true)
        text += " " + pad(s.activeObjects, 6) + " " + pad(s.objects, 6) + " " + pad(s.objectSize, 6)
        text += " " + pad(s.objectsPerSlab, 4) + " " + pad(s.pagesPerSlab, 4)
        text += " : tunables " + pad(s.limit, 4) + " " + pad(s.batchCount, 4) + " " + pad(s.sharedFactor, 4)
        text += " : slabdata " + pad(s.activeSlabs, 6) + " " + pad(s.slabs, 6) + " " + pad(s.sharedAvail, 6)
        return text
    }

    static func pad(_ value: Int, _ width: Int) -> String { pad(String(value), width, left: false) }

    static func pad(_ text: String, _ width: Int, left: Bool) -> String {
        let missing = width - text.count
        guard missing > 0 else { return text }
        let spaces = String(repeating: " ", count: missing)
        return left ? text + spaces : spaces + text
    }
}
