import Memcg

// The model's debugfs namespace: /sys/kernel/debug/memcg/dying, one line
// per removed memcg that is not yet freed, saying what it still holds and
// what holds it. No kernel has this file; it answers the question users of
// hosts full of dying cgroups ask, from the model's own bookkeeping.
//
// Format, one line per dying cgroup in creation order (empty when none):
//
//   PATH serial=N state=killed|dying|released age_ns=N id=N
//        inactive_anon=N active_anon=N inactive_file=N active_file=N unevictable=N
//        batched=N isolated=N slab_objects=N swap_entries=N kernel_stack_bytes=N
//        charged_bytes=N structure_bytes=N refs=N held_by=HOLDER:N,...|-
//
// on one line, fields separated by single spaces. PATH is the path the
// cgroup had, with space, tab, newline and backslash as octal escapes
// (\040 \011 \012 \134, as /proc/mounts prints paths). Page counts are
// pages on the memcg's lruvecs (all nodes), in its CPUs' add batches, and
// isolated by reclaim now; `charged_bytes` is what is charged to the memcg
// itself (not to its descendants); `structure_bytes` its struct mem_cgroup
// with per-node and per-CPU areas; `held_by` breaks the css reference count
// `refs` down by holder (`DyingCgroupFacts.holderNames`), zero holders
// left out ("-" when none is left: released, waiting for a grace period).
//
// The file is read-only: debugfs gives a file without a write method no
// FMODE_CAN_WRITE, and vfs_write() then fails with EINVAL, even for root.

extension CgroupFS {
    /// The dying-cgroup listing.
    public static let dyingDebugPath = "/sys/kernel/debug/memcg/dying"

    /// The text of a debug file, or nil if `path` names none.
    func readDebugFile(_ path: String) -> String? {
        guard path == Self.dyingDebugPath else { return nil }
        return controller.dyingCgroupFacts().map { Self.dyingLine($0) + "\n" }.joined()
    }

    func rejectDebugFileWrite(_ path: String) throws(MemcgError) {
        guard path == Self.dyingDebugPath else { return }
        throw MemcgError(.EINVAL, "\(path) has no write method (a read-only debugfs file)")
    }

    /// A debug file's content as a JSON array of objects, or nil if `path`
    /// names none: what `memcg script --json` prints beside the text.
    func debugFileJSON(_ path: String) -> String? {
        guard path == Self.dyingDebugPath else { return nil }
        let entries = controller.dyingCgroupFacts().map { facts -> String in
            var fields = ["\"path\":" + JSONString.quote(facts.path), "\"state\":\"\(facts.state.name)\""]
            for (name, value) in Self.numericFields(facts) { fields.append("\"\(name)\":\(value)") }
            let holders = zip(DyingCgroupFacts.holderNames, facts.holders).filter { $0.1 != 0 }.map { "\"\($0.0)\":\($0.1)" }
            fields.append("\"held_by\":{" + holders.joined(separator: ",") + "}")
            return "{" + fields.joined(separator: ",") + "}"
        }
        return "[" + entries.joined(separator: ",") + "]"
    }

    static func dyingLine(_ facts: DyingCgroupFacts) -> String {
        var line = escapedPath(facts.path)
        line += " serial=\(facts.serial) state=\(facts.state.name)"
        for (name, value) in numericFields(facts) where name != "serial" { line += " \(name)=\(value)" }
        let holders = zip(DyingCgroupFacts.holderNames, facts.holders).filter { $0.1 != 0 }.map { "\($0.0):\($0.1)" }
        line += " held_by=" + (holders.isEmpty ? "-" : holders.joined(separator: ","))
        return line
    }

    /// The numeric fields of a line, in the documented order.
    private static func numericFields(_ facts: DyingCgroupFacts) -> [(String, String)] {
        var fields: [(String, String)] = [("serial", "\(facts.serial)"), ("age_ns", "\(facts.age.nanoseconds)"), ("id", "\(facts.id ?? 0)")]
        for list in LRUList.allCases { fields.append((list.debugName, "\(facts.lruPages[list.rawValue])")) }
        fields += [
            ("batched", "\(facts.batchedPages)"), ("isolated", "\(facts.isolatedPages)"),
            ("slab_objects", "\(facts.slabObjects)"), ("swap_entries", "\(facts.swapEntries)"),
            ("kernel_stack_bytes", "\(facts.kernelStackBytes)"), ("charged_bytes", "\(facts.chargedBytes)"),
            ("structure_bytes", "\(facts.structureBytes)"), ("refs", "\(facts.references)"),
        ]
        return fields
    }

    /// Octal escapes for the bytes that would split a field or a line.
    static func escapedPath(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case " ": out += "\\040"
            case "\t": out += "\\011"
            case "\n": out += "\\012"
            case "\\": out += "\\134"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension LRUList {
    /// The list's name as memory.stat prints it.
    var debugName: String {
        switch self {
        case .inactiveAnon: return "inactive_anon"
        case .activeAnon: return "active_anon"
        case .inactiveFile: return "inactive_file"
        case .activeFile: return "active_file"
        case .unevictable: return "unevictable"
        }
    }
}
