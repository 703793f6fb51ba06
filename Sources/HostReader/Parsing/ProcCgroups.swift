/// One line of /proc/cgroups: a controller, its hierarchy and how many
/// cgroups that hierarchy has.
///
/// kernel/cgroup/cgroup-v1.c `proc_cgroupstats_show()` prints a
/// `#subsys_name\thierarchy\tnum_cgroups\tenabled` header and then, per
/// controller, `"%s\t%d\t%d\t%d\n"` with `atomic_read(&ss->root->nr_cgrps)`
/// as num_cgroups. `nr_cgrps` is raised when a cgroup is created and
/// lowered only when it is freed (`css_free_rwork_fn()`), so on a v1
/// hierarchy it counts dying cgroups too; with hierarchy 0 the controller
/// is on the v2 hierarchy, where newer kernels print its css count instead.
package struct ProcCgroupsEntry: Hashable, Sendable {
    package let controller: String
    package let hierarchy: Int64
    package let cgroups: Int64
    package let enabled: Bool
}

enum ProcCgroups {
    static func parse(_ bytes: [UInt8], file: String, diagnostics: inout HostDiagnostics) -> [ProcCgroupsEntry] {
        let lines = TextLines(bytes, file: file)
        var entries: [ProcCgroupsEntry] = []
        lines.forEach(&diagnostics) { range, number, diagnostics in
            if range.first.map({ lines.bytes[$0] == UInt8(ascii: "#") }) == true { return }
            let fields = lines.fields(range)
            guard fields.count == 4 else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "expected 'NAME HIERARCHY NUM_CGROUPS ENABLED', found \(fields.count) fields; line skipped"))
                return
            }
            guard lines.isKey(fields[0]) else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number, "garbled controller name \(lines.quoted(fields[0])); line skipped"))
                return
            }
            guard let hierarchy = lines.unsigned(fields[1]), let count = lines.unsigned(fields[2]),
                  let enabled = lines.unsigned(fields[3]), enabled <= 1 else {
                diagnostics.add(HostDiagnostic(.warning, file: file, line: number,
                                               "hierarchy, num_cgroups and enabled must be unsigned numbers (enabled 0 or 1); line skipped"))
                return
            }
            entries.append(ProcCgroupsEntry(controller: lines.string(fields[0]), hierarchy: hierarchy, cgroups: count, enabled: enabled == 1))
        }
        return entries
    }
}
