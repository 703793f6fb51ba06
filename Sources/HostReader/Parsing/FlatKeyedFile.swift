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
    static func parse(_ bytes: [UInt8], file: String, known: (String) -> Bool,
                      diagnostics: inout HostDiagnostics, _ body: (String, Int64) -> Void) {
        let lines = TextLines(bytes, file: file)
        var seen: Set<String> = []
        lines.forEach(&diagnostics) { range, number, diagnostics in
            let fields = lines.fields(range)
            guard fields.count == 2 else {
                let what = fields.isEmpty ? "an empty line" : "\(fields.count) fields"
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "expected 'KEY VALUE', found \(what); line skipped"))
                return
            }
            guard lines.isKey(fields[0]) else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "garbled key \(lines.quoted(fields[0])); line skipped"))
                return
            }
            let key = lines.string(fields[0])
            guard let value = lines.unsigned(fields[1]) else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "value \(lines.quoted(fields[1])) of '\(key)' is not an unsigned number; line skipped"))
                return
            }
            guard seen.insert(key).inserted else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "'\(key)' appears twice; the second is skipped"))
                return
            }
            if !known(key) {
                diagnostics.add(HostDiagnostic(.note, file: file, line: number,
                                               "unknown key '\(key)' (a newer kernel's?); read but not used"))
            }
            body(key, value)
        }
    }
}
