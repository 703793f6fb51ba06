/// A flat-keyed control file: one `KEY VALUE` pair a line, as memory.stat
/// (v1 and v2) and cgroup.stat print them.
///
/// Formats, from the kernel's sources:
/// - cgroup v2 `memory.stat`: mm/memcontrol.c `memory_stat_format()` (since
///   6.5 `memcg_stat_format()`), one `seq_buf_printf(s, "%s %llu\n", ...)`
///   per `memory_stats[]` entry, then the `slab` sum, `pgscan`/`pgsteal` and
///   the vm events, all unsigned decimals.
/// - cgroup v1 `memory.stat`: `memcg_stat_show()` / `memcg1_stat_format()`,
///   `"%s %lu\n"` for the local items, `hierarchical_memory_limit` and
///   `hierarchical_memsw_limit`, then `total_` followed by each item.
/// - `cgroup.stat`: kernel/cgroup/cgroup.c `cgroup_stat_show()`,
///   `"nr_descendants %d\n"`, `"nr_dying_descendants %d\n"` and, since 6.11,
///   `nr_subsys_<ss>` and `nr_dying_subsys_<ss>` lines.
enum FlatKeyedFile {
    /// Calls `body` with each well-formed pair. Malformed lines, duplicate
    /// keys and keys outside `known` are reported and skipped (an unknown
    /// key is passed on after its note: a newer kernel's key is data).
    ///
    /// `cache` makes a tree of 100,000 cgroups cheap to read: one kernel
    /// prints the same keys in the same order in every cgroup, so a line
    /// whose key bytes equal the key at the same line of the last clean file
    /// needs no string, no lookup and no duplicate check.
    static func parse(_ bytes: [UInt8], file: String, known: (String) -> Bool, cache: FlatKeyCache? = nil,
                      diagnostics: inout HostDiagnostics, _ body: (String, Int64) -> Void) {
        let lines = TextLines(bytes, file: file)
        var seen: Set<String> = []
        // While every line so far matched the cached sequence, `seen` is not needed.
        var matching = cache != nil
        var clean = true
        var sequence: [FlatKeyCache.Entry] = []
        lines.forEach(&diagnostics) { range, number, diagnostics in
            guard let (keyRange, valueRange) = lines.twoFields(range) else {
                let count = lines.fields(range).count
                let what = count == 0 ? "an empty line" : "\(count) fields"
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "expected 'KEY VALUE', found \(what); line skipped"))
                clean = false
                return
            }
            let index = number - 1
            let key: String
            let isKnown: Bool
            if matching, let cache, index < cache.sequence.count, cache.sequence[index].bytes.elementsEqual(lines.bytes[keyRange]) {
                key = cache.sequence[index].key
                isKnown = cache.sequence[index].known
                if !isKnown {
                    diagnostics.add(HostDiagnostic(.note, file: file, line: number,
                                                   "unknown key '\(key)' (a newer kernel's?); read but not used"))
                }
            } else {
                if matching {
                    // Leaving the cached sequence: the keys so far are unique.
                    matching = false
                    seen = Set(sequence.map(\.key))
                }
                guard lines.isKey(keyRange) else {
                    diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                                   "garbled key \(lines.quoted(keyRange)); line skipped"))
                    clean = false
                    return
                }
                key = lines.string(keyRange)
                guard seen.insert(key).inserted else {
                    diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                                   "'\(key)' appears twice; the second is skipped"))
                    clean = false
                    return
                }
                isKnown = known(key)
                if !isKnown {
                    diagnostics.add(HostDiagnostic(.note, file: file, line: number,
                                                   "unknown key '\(key)' (a newer kernel's?); read but not used"))
                }
            }
            guard let value = lines.unsigned(valueRange) else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "value \(lines.quoted(valueRange)) of '\(key)' is not an unsigned number; line skipped"))
                clean = false
                return
            }
            if cache != nil { sequence.append(FlatKeyCache.Entry(bytes: lines.bytes[keyRange], key: key, known: isKnown)) }
            body(key, value)
        }
        if let cache, clean, !bytes.isEmpty, bytes.last == 0x0A, sequence.count != cache.sequence.count || !matching {
            cache.sequence = sequence
        }
    }
}

/// The key sequence of the last clean flat-keyed file of one kind, for
/// `FlatKeyedFile.parse`. Only unique, known-good keys get here.
final class FlatKeyCache {
    struct Entry {
        let bytes: ArraySlice<UInt8>
        let key: String
        let known: Bool
    }

    var sequence: [Entry] = []
}
