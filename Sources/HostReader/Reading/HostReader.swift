/// Reads a host's memory cgroups from a `HostSource`: the kernel release,
/// /proc/cgroups, /proc/mounts (to find the memory hierarchy), every
/// memory cgroup's memory.stat and counts, /proc/meminfo, /proc/slabinfo
/// and the possible CPUs and nodes.
///
/// Nothing it meets stops it: a missing or malformed file becomes a
/// diagnostic and the figure it would have given stays nil.
public struct HostReader {
    public let source: any HostSource
    /// The memory hierarchy's mount point, when not found from /proc/mounts.
    public var mountPoint: String?

    /// Key sequences of the last clean memory.stat and cgroup.stat.
    private let statKeys = FlatKeyCache()
    private let cgroupStatKeys = FlatKeyCache()

    public init(source: any HostSource, mountPoint: String? = nil) {
        self.source = source
        self.mountPoint = mountPoint
    }

    public func read() -> HostReading {
        let started = ContinuousClock.now
        var reading = HostReading()
        var d = HostDiagnostics()
        if let bytes = file("/proc/sys/kernel/osrelease", &d) {
            reading.kernelRelease = SingleValue.text(bytes, file: name("/proc/sys/kernel/osrelease"), diagnostics: &d)
        }
        if let bytes = file("/proc/cgroups", &d) {
            reading.procCgroups = ProcCgroups.parse(bytes, file: name("/proc/cgroups"), diagnostics: &d)
        }
        if let (mount, hierarchy) = findHierarchy(reading.memoryControllerLine, &d) {
            reading.mountPoint = mount
            reading.hierarchy = hierarchy
            walk(mount, hierarchy, into: &reading, &d)
        }
        if let bytes = file("/proc/meminfo", &d) {
            reading.meminfo = Meminfo.parse(bytes, file: name("/proc/meminfo"), diagnostics: &d)
        }
        if let bytes = file("/proc/slabinfo", &d, missingIs: .note, why: "reading it takes root; slab caches are left out") {
            reading.slabinfo = Slabinfo.parse(bytes, file: name("/proc/slabinfo"), diagnostics: &d)
        }
        for (path, keyPath) in [("/sys/devices/system/cpu/possible", \HostReading.possibleCPUs),
                                ("/sys/devices/system/node/possible", \HostReading.possibleNodes)] {
            if let bytes = file(path, &d, missingIs: .note, why: "taken as 1") {
                reading[keyPath: keyPath] = SingleValue.listCount(bytes, file: name(path), diagnostics: &d)
            }
        }
        reading.diagnostics = d
        reading.wallSeconds = (ContinuousClock.now - started).seconds
        return reading
    }

    private func name(_ path: String) -> String { source.displayName(path) }

    /// A file's bytes, or nil with a diagnostic.
    private func file(_ path: String, _ d: inout HostDiagnostics,
                      missingIs severity: HostDiagnostic.Severity = .warning, why: String = "") -> [UInt8]? {
        switch source.read(path) {
        case .contents(let bytes):
            return bytes
        case .failed(let failure):
            let suffix = why.isEmpty ? "" : "; \(why)"
            d.add(HostDiagnostic(severity, file: name(path), "cannot read: \(failure)\(suffix)"))
            return nil
        }
    }

    // MARK: Finding the hierarchy

    /// The memory hierarchy: a v1 mount with the `memory` option wins (a
    /// controller lives on one hierarchy only); otherwise the cgroup2 mount.
    private func findHierarchy(_ line: ProcCgroupsEntry?, _ d: inout HostDiagnostics) -> (String, CgroupHierarchy)? {
        if let mountPoint {
            switch source.read(mountPoint + "/cgroup.controllers") {
            case .contents: return (mountPoint, .v2)
            case .failed: return (mountPoint, .v1)
            }
        }
        if let line, !line.enabled {
            d.add(HostDiagnostic(.warning, file: name("/proc/cgroups"), "the memory controller is disabled (cgroup_disable=memory?)"))
        }
        guard let bytes = file("/proc/mounts", &d) else { return nil }
        let lines = TextLines(bytes, file: name("/proc/mounts"))
        var v1: String?, v2: String?
        lines.forEach(&d) { range, _, _ in
            let fields = lines.fields(range)
            guard fields.count >= 4 else { return }
            let type = lines.string(fields[2])
            let point = Self.unescapeMountPoint(lines.string(fields[1]))
            if type == "cgroup", v1 == nil, lines.string(fields[3]).split(separator: ",").contains("memory") {
                v1 = point
            } else if type == "cgroup2", v2 == nil {
                v2 = point
            }
        }
        if let v1 { return (v1, .v1) }
        if let v2 { return (v2, .v2) }
        d.add(HostDiagnostic(.warning, file: name("/proc/mounts"), "no cgroup2 mount and no cgroup mount with the memory controller"))
        return nil
    }

    /// /proc/mounts writes space, tab, newline and backslash as octal escapes.
    static func unescapeMountPoint(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\"), i + 3 < bytes.count,
               let value = UInt8(String(decoding: bytes[(i + 1)...(i + 3)], as: UTF8.self), radix: 8) {
                out.append(value)
                i += 4
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: The walk

    private func walk(_ mount: String, _ hierarchy: CgroupHierarchy, into reading: inout HostReading, _ d: inout HostDiagnostics) {
        // Depth first, siblings by name: the same tree gives the same order.
        var stack: [(path: String, depth: Int)] = [("/", 0)]
        while let (path, depth) = stack.popLast() {
            let directory = path == "/" ? mount : mount + path
            var cgroup = HostCgroup(path: path, depth: depth)
            let outcome = hierarchy == .v2 ? readV2(directory, into: &cgroup, &d) : readV1(directory, into: &cgroup, &d)
            switch outcome {
            case .vanished:
                continue
            case .noMemoryController:
                reading.directoriesWithoutMemory += 1
            case .read:
                reading.cgroups.append(cgroup)
            }
            switch source.subdirectories(directory) {
            case .names(let names):
                for child in names.sorted(by: >) {
                    stack.append((path == "/" ? "/" + child : path + "/" + child, depth + 1))
                }
            case .failed(let failure):
                if failure.isMissing && path != "/" {
                    d.add(HostDiagnostic(.note, file: name(directory), "the cgroup was removed while it was read; its children are left out"),
                          foldKey: "vanished")
                } else {
                    d.add(HostDiagnostic(.warning, file: name(directory), "cannot list: \(failure)"))
                }
            }
        }
    }

    private enum Outcome { case read, vanished, noMemoryController }

    private func readV2(_ directory: String, into cgroup: inout HostCgroup, _ d: inout HostDiagnostics) -> Outcome {
        let isRoot = cgroup.path == "/"
        // cgroup.stat exists in every v2 cgroup: its absence means the cgroup went away.
        switch source.read(directory + "/cgroup.stat") {
        case .contents(let bytes):
            FlatKeyedFile.parse(bytes, file: name(directory + "/cgroup.stat"), known: MemoryStatKeys.isCgroupStatKey, cache: cgroupStatKeys, diagnostics: &d) { key, value in
                switch key {
                case "nr_descendants": cgroup.descendants = value
                case "nr_dying_descendants": cgroup.dyingDescendants = value
                case "nr_dying_subsys_memory": cgroup.dyingMemoryDescendants = value
                default: break
                }
            }
        case .failed(let failure):
            if vanished(failure, directory, isRoot, &d) { return .vanished }
        }
        switch source.read(directory + "/memory.stat") {
        case .contents(let bytes):
            cgroup.stat = HostMemoryStat.parseV2(bytes, file: name(directory + "/memory.stat"), cache: statKeys, diagnostics: &d)
        case .failed(let failure):
            if failure.isMissing { return isRoot ? .read : .noMemoryController }
            d.add(HostDiagnostic(.warning, file: name(directory + "/memory.stat"), "cannot read: \(failure)"))
        }
        if !isRoot {
            cgroup.usageBytes = value(directory + "/memory.current", isRoot: isRoot, &d)
        }
        return .read
    }

    private func readV1(_ directory: String, into cgroup: inout HostCgroup, _ d: inout HostDiagnostics) -> Outcome {
        let isRoot = cgroup.path == "/"
        switch source.read(directory + "/memory.stat") {
        case .contents(let bytes):
            cgroup.stat = HostMemoryStat.parseV1(bytes, file: name(directory + "/memory.stat"), cache: statKeys, diagnostics: &d)
        case .failed(let failure):
            if vanished(failure, directory, isRoot, &d) { return .vanished }
        }
        cgroup.usageBytes = value(directory + "/memory.usage_in_bytes", isRoot: isRoot, &d)
        cgroup.kmemUsageBytes = value(directory + "/memory.kmem.usage_in_bytes", isRoot: isRoot, &d)
        return .read
    }

    /// Whether a failed read means the cgroup was removed meanwhile (noted);
    /// any other failure is a warning and the cgroup is kept.
    private func vanished(_ failure: HostReadFailure, _ directory: String, _ isRoot: Bool, _ d: inout HostDiagnostics) -> Bool {
        if failure.isMissing && !isRoot {
            d.add(HostDiagnostic(.note, file: name(directory), "the cgroup was removed while it was read; left out"), foldKey: "vanished")
            return true
        }
        d.add(HostDiagnostic(.warning, file: name(directory), "cannot read the cgroup's files: \(failure)"))
        return false
    }

    private func value(_ path: String, isRoot: Bool, _ d: inout HostDiagnostics) -> Int64? {
        switch source.read(path) {
        case .contents(let bytes):
            return SingleValue.unsigned(bytes, file: name(path), diagnostics: &d)
        case .failed(let failure):
            d.add(HostDiagnostic(failure.isMissing ? .note : .warning, file: name(path), "cannot read: \(failure)"))
            return nil
        }
    }
}
