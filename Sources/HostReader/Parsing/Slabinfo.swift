/// One cache of /proc/slabinfo version 2.1.
///
/// mm/slab_common.c `print_slabinfo_header()` prints
/// `slabinfo - version: 2.1` and a `# name <active_objs> ...` comment;
/// `cache_show()` prints per cache
/// `"%-17s %6lu %6lu %6u %4u %4d"` (name, active_objs, num_objs, objsize,
/// objperslab, pagesperslab), `" : tunables %4u %4u %4u"` and
/// `" : slabdata %6lu %6lu %6lu"` (active_slabs, num_slabs, sharedavail).
/// The file is mode 0400: reading it takes root.
package struct SlabinfoEntry: Hashable, Sendable {
    package let name: String
    package let activeObjects: Int64
    package let objects: Int64
    package let objectSize: Int64
    package let objectsPerSlab: Int64
    package let pagesPerSlab: Int64
    package let activeSlabs: Int64
    package let slabs: Int64

    static let pageBytes: Int64 = 4_096

    /// The memory the cache's slabs take: slabs x pages per slab x 4 KiB
    /// (Int64.max for a line whose product does not fit: a damaged file).
    /// slabinfo does not print the page size; 4 KiB is x86_64's.
    package var slabBytes: Int64 {
        let (perSlab, o1) = pagesPerSlab.multipliedReportingOverflow(by: Self.pageBytes)
        let (total, o2) = slabs.multipliedReportingOverflow(by: perSlab)
        return o1 || o2 ? .max : total
    }
}

enum Slabinfo {
    static func parse(_ bytes: [UInt8], file: String, diagnostics: inout HostDiagnostics) -> [SlabinfoEntry] {
        let lines = TextLines(bytes, file: file)
        var entries: [SlabinfoEntry] = []
        var versionOK = false
        lines.forEach(&diagnostics) { range, number, diagnostics in
            if number == 1 {
                let header = lines.string(range)
                // 2.1 with CONFIG_DEBUG_SLAB appends " (statistics)" and more columns.
                versionOK = header == "slabinfo - version: 2.1" || header == "slabinfo - version: 2.1 (statistics)"
                if !versionOK {
                    diagnostics.add(HostDiagnostic(.warning, file: file, line: 1,
                                                   "expected 'slabinfo - version: 2.1', found \(lines.quoted(range)); file skipped"))
                }
                return
            }
            guard versionOK else { return }
            if range.first.map({ lines.bytes[$0] == UInt8(ascii: "#") }) == true { return }
            let fields = lines.fields(range)
            // name, 5 numbers, ":", "tunables", 3 numbers, ":", "slabdata", 3 numbers (and statistics after).
            guard fields.count >= 16, lines.string(fields[6]) == ":", lines.string(fields[7]) == "tunables",
                  lines.string(fields[11]) == ":", lines.string(fields[12]) == "slabdata" else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "expected 'NAME 5 NUMBERS : tunables 3 NUMBERS : slabdata 3 NUMBERS'; line skipped"))
                return
            }
            let numbers = [1, 2, 3, 4, 5, 13, 14].map { lines.unsigned(fields[$0]) }
            guard numbers.allSatisfy({ $0 != nil }) else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number, "a count of \(lines.quoted(fields[0])) is not an unsigned number; line skipped"))
                return
            }
            let n = numbers.map { $0! }
            entries.append(SlabinfoEntry(name: lines.string(fields[0]), activeObjects: n[0], objects: n[1], objectSize: n[2],
                                         objectsPerSlab: n[3], pagesPerSlab: n[4], activeSlabs: n[5], slabs: n[6]))
        }
        return entries
    }
}
