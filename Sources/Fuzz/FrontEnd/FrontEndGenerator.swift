import KernelSim

/// Makes front-end cases from a seed: random scripts, scripts mutated from
/// a corpus (the repository's scripts and fuzz reproducers), scripts of
/// random control-file writes, and random command lines.
///
/// Values are drawn from three kinds: small valid ones (so that runs are
/// quick), hostile ones (signs, C prefixes, suffixes, huge numbers, control
/// bytes, long names, CRLF, non-UTF-8) and values just past a documented
/// range, which must be refused. A valid run near a range's top can
/// legitimately take long, so the generator does not make those.
package struct FrontEndGenerator {
    package let corpus: [[UInt8]]
    private var random: SimRandom
    /// How often a value is hostile, chosen per case: half the scripts are
    /// mostly well-formed, so that they get past the parser and run.
    private var hostileRate = 0.4

    package init(seed: UInt64, corpus: [[UInt8]]) {
        random = SimRandom(seed: seed)
        self.corpus = corpus
    }

    package enum Kind: String, CaseIterable, Sendable {
        case randomScript = "random-script"
        case mutatedScript = "mutated-script"
        case controlWrites = "control-writes"
        case commandLine = "command-line"
    }

    package mutating func next() -> (kind: Kind, case: FrontEndCase) {
        var kinds = Kind.allCases
        if corpus.isEmpty { kinds.removeAll { $0 == .mutatedScript } }
        let kind = pick(kinds)
        hostileRate = random.chance(0.5) ? 0.01 : 0.4
        switch kind {
        case .randomScript: return (kind, scriptCase(randomScript()))
        case .mutatedScript: return (kind, scriptCase(mutate(pick(corpus))))
        case .controlWrites: return (kind, scriptCase(controlWrites()))
        case .commandLine: return (kind, commandLine())
        }
    }

    // MARK: Values

    private mutating func pick<T>(_ items: [T]) -> T { items[random.index(below: items.count)] }

    static let hostileNumbers = [
        "0", "1", "-1", "+1", "-0", "0x", "0x1e", "0X1E", "01000", "08", "0x-0", "0+7", "1e", "16E", "17E", "1K", "4k",
        "1.5", "1e3", "nan", "inf", "-inf", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "99999999999999999999999999", "2147483647", "2147483648", "4294967296", "0x7fffffffffffffff",
        "max", "MAX", "", "\"\"", " ", "١٢٣", "1_000", "1,000", "0b101", "0o17",
    ]
    static let hostileNames = [
        "a", "b", "a/b", "é", "e\u{301}", "x\u{0}y", "x\u{1}y", "x\u{1b}[2Jy", ".", "..", "memory.max", "cgroup.procs",
        String(repeating: "n", count: 255), String(repeating: "n", count: 256), String(repeating: "\u{e9}", count: 200),
        "#", "\"q\"", "\"", "a b", "-", "--keep",
    ]
    static let durations = ["0", "1", "1ns", "5us", "1ms", "100ms", "2s", "3s", "1m", "-1s", "1.5s", "1h", "s", "ms",
                            "18446744073709551615", "18446744073s", "3155760001s", "99999999999999999999s"]
    static let files = ["memory.max", "memory.high", "memory.current", "memory.peak", "memory.stat", "memory.events",
                        "memory.events.local", "memory.numa_stat", "memory.kmem.slabinfo", "cgroup.procs", "cgroup.stat",
                        "cgroup.subtree_control", "cgroup.controllers", "memory.nope", ""]

    private mutating func number(small: ClosedRange<Int> = 0...64) -> String {
        random.chance(hostileRate) ? pick(Self.hostileNumbers) : String(random.int(in: small))
    }

    private mutating func cgroupPath(_ existing: [String]) -> String {
        if !existing.isEmpty, !random.chance(hostileRate) { return pick(existing) }
        return "/" + pick(Self.hostileNames)
    }

    // MARK: Scripts

    private mutating func scriptCase(_ bytes: [UInt8]) -> FrontEndCase {
        FrontEndCase(arguments: ["script", FrontEndCase.scriptPlaceholder] + scriptOptions(), script: bytes)
    }

    /// A case's options beside the script: output form, invariants, machine.
    private mutating func scriptOptions() -> [String] {
        var options: [String] = []
        if random.chance(0.3) { options.append("--json") }
        if random.chance(0.3) { options.append("--check-invariants") }
        if random.chance(0.2) { options += ["--design", pick(["v3.18", "v4.10", "v5.4", "v5.13", "v6.12", "next"])] }
        if random.chance(0.1) { options += ["--cpus", pick(["1", "2", "8"])] }
        return options
    }

    private mutating func randomScript() -> [UInt8] {
        var cgroups = ["/a"]
        var lines = ["mkdir /a"]
        for _ in 0..<random.int(in: 1...30) {
            lines.append(randomLine(&cgroups))
        }
        return Array(join(lines).utf8)
    }

    private mutating func join(_ lines: [String]) -> String {
        let ending = random.chance(0.15) ? "\r\n" : "\n"
        return lines.joined(separator: ending) + (random.chance(0.8) ? ending : "")
    }

    private mutating func randomLine(_ cgroups: inout [String]) -> String {
        let path = cgroupPath(cgroups)
        switch random.int(in: 0...17) {
        case 0:
            let child = path + "/" + (random.chance(hostileRate) ? pick(Self.hostileNames) : "c\(random.int(in: 0...9))")
            if random.chance(0.5) { cgroups.append(child) }
            return "mkdir \(child)"
        case 1: return "rmdir \(path)"
        case 2: return "write \(path)/\(pick(Self.files)) \(number())"
        case 3: return "echo \(number()) > \(path)/\(pick(Self.files))"
        case 4: return "cat \(random.chance(0.2) ? "--label " : "")\(path)/\(pick(Self.files))"
        case 5:
            let action = pick([
                "anon \(number(small: 0...(1 << 20)))", "anon \(pick(["1M", "64K", "65G", "1T", "-1"]))",
                "threads \(number())", "slab \(pick(["pid", "anon_vma", "vm_area_struct", "nope"])) \(number(small: 1...50))",
                "kmalloc \(pick(["8", "64", "4096", "8192", "8193", "0"])) \(number(small: 1...50))",
                "dcache \(number(small: 0...200))", "files \(number(small: 0...200)) --sb \(pick(["sb1", "sb2", "a/b", ""]))",
                "fly", "",
            ])
            let flags = pick(["", "--keep ", "--cpu \(number(small: 0...5)) ", "--keep --cpu 1 ", "--bogus "])
            return "run \(flags)\(path) \(action)"
        case 6: return "kill \(pick(["1000", "1001", "1002", "0", "-1", "99999999999", number()]))"
        case 7: return "\(pick(["mount", "umount"])) \(pick(["sb1", "sb2", "rootfs", "/x", ""]))"
        case 8: return "shrink \(path) \(pick(["0", "12", "13", "-1", ""]))"
        case 9: return "advance \(pick(Self.durations))"
        case 10: return pick(["settle", "settle 1", "time", "time now"])
        case 11: return "step \(pick(["1", "3", "0", "1000000000", "1000000001", number()]))"
        case 12: return "fault \(pick(["memcg.charge", "memcg.css_alloc", "nope"])) \(pick(["0", "0.5", "1", "1.5", "-0", "nan", "inf"]))"
        case 13:
            let op = pick(["==", "!=", "<", "<=", ">", ">=", "~"])
            return "expect \(path)/\(pick(Self.files)) \(random.chance(0.3) ? "anon " : "")\(op) \(number())"
        case 14: return "expect-error \(pick(["ENOENT", "EBUSY", "EINVAL", "EWHAT"])) \(pick(["rmdir", "mkdir", "cat"])) \(path)"
        case 15: return "# \(pick(Self.hostileNames))"
        case 16 where random.chance(hostileRate * 2):
            return pick(["frobnicate", "\"", "write /a/memory.max \"1M", "write /a/memory.max \"a # b\"", "\t  ", ""])
        default: return "mkdir \(path)"
        }
    }

    /// Many writes of random values to the control files of a few cgroups,
    /// with reads between them.
    private mutating func controlWrites() -> [UInt8] {
        var lines = ["mkdir /a", "mkdir /a/b", "run --keep /a/b anon 64K"]
        for _ in 0..<random.int(in: 10...80) {
            let path = pick(["/a", "/a/b", "/", "/nope"])
            let file = pick(["memory.max", "memory.high", "cgroup.procs", "cgroup.subtree_control", "memory.current"])
            var value = random.chance(0.2) ? pick(["+memory", "-memory", "+cpu", "memory", "+memory -memory"]) : number(small: 0...(1 << 24))
            if random.chance(0.2) { value += pick(["K", "M", "G", "T", "E", "k", "x", " ", "\t"]) }
            lines.append(random.chance(0.5) ? "write \(path)/\(file) \(value)" : "echo \(value) > \(path)/\(file)")
            if random.chance(0.3) { lines.append("cat \(path)/\(file)") }
        }
        return Array(join(lines).utf8)
    }

    /// A corpus script with a few byte- and line-level mutations.
    private mutating func mutate(_ original: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0..<random.int(in: 1...6) {
            switch random.int(in: 0...8) {
            case 0 where !bytes.isEmpty:  // flip a byte
                bytes[random.index(below: bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            case 1:  // insert a hostile token
                let token = Array((" " + pick(Self.hostileNumbers + Self.hostileNames) + " ").utf8)
                bytes.insert(contentsOf: token, at: random.index(below: bytes.count + 1))
            case 2:  // CRLF everywhere
                bytes = bytes.flatMap { $0 == UInt8(ascii: "\n") ? [UInt8(ascii: "\r"), $0] : [$0] }
            case 3:  // bytes that are not UTF-8
                bytes.insert(contentsOf: pick([[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0x00]]), at: random.index(below: bytes.count + 1))
            case 4 where !bytes.isEmpty:  // delete a run
                let start = random.index(below: bytes.count)
                bytes.removeSubrange(start..<min(bytes.count, start + random.int(in: 1...16)))
            case 5:  // duplicate a line
                let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                if let line = lines.randomElement(using: &random) {
                    bytes.insert(contentsOf: Array(line) + [UInt8(ascii: "\n")], at: 0)
                }
            case 6:  // replace a number
                if let index = bytes.indices.filter({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) }).randomElement(using: &random) {
                    bytes.replaceSubrange(index...index, with: Array(pick(Self.hostileNumbers).utf8))
                }
            case 7:  // a very long value
                bytes += Array("\nwrite /a/memory.max \(String(repeating: "9", count: random.int(in: 100...200_000)))\n".utf8)
            default:  // a random line
                var cgroups = ["/a"]
                bytes += Array((randomLine(&cgroups) + "\n").utf8)
            }
        }
        return bytes
    }

    // MARK: Command lines

    private mutating func commandLine() -> FrontEndCase {
        var args: [String]
        var script: [UInt8]?
        switch random.int(in: 0...9) {
        case 0: args = ["designs"] + (random.chance(0.5) ? ["--json"] : [])
        case 1: args = ["scenario", "list"] + (random.chance(0.5) ? ["--json"] : [])
        case 2: args = ["scenario", "describe", pick(Self.scenarios + ["nope", ""])] + (random.chance(0.5) ? ["--json"] : [])
        case 3, 4:
            // Parameters at their minimum, so that a valid run is quick.
            let name = pick(Self.scenarios)
            args = ["scenario", random.chance(0.7) ? "run" : "compare", name] + Self.smallParameters[name, default: []]
            if args[1] == "compare", random.chance(0.5) { args += ["--designs", pick(["v4.10,v4.11", "v6.12", "", ",", "v9.9", "v5.4,,v6.12"])] }
        case 5:
            args = ["fuzz", "--ops", pick(["0", "10", "50", "-1", "10000001", "x"]), "--seeds", pick(["1", "1..2", "2..1", "0..9999999999", "a..b"])]
            if random.chance(0.3) { args += ["--out", pick(["/nonexistent", "/tmp", "", "/dev/null"])] } else { args += ["--out", "/tmp"] }
        case 6:
            script = Array("mkdir /a\nrun /a anon 1M\ncat /a/memory.current\ntime\n".utf8)
            args = ["script", FrontEndCase.scriptPlaceholder] + scriptOptions()
        case 7: args = [pick(["help", "--help", "--version", "nope", "", "-", "scenario", "script"])]
        case 8: args = ["script", pick(["/nonexistent", "/", "/dev/null", ""])]
        default: args = ["scenario", "run", "engine-rcu", "--param", "callbacks=1", "--param", "window_ms=1"]
        }
        // Mutations: an option with a hostile value, a stray flag, a repeat.
        for _ in 0..<random.int(in: 0...3) {
            switch random.int(in: 0...6) {
            case 0: args += ["--cpus", pick(["0", "1", "2", "4097", "-1", "x", "99999999999999999999"])]
            case 1: args += ["--nodes", pick(["0", "1", "2", "1025", "-3"])]
            case 2: args += ["--seed", pick(["0", "1", "18446744073709551615", "18446744073709551616", "-1"])]
            case 3: args += ["--set", pick(["memcgIDRelease=atRelease", "nope=1", "=", "listLRU=lazy", "listLRU="])]
            case 4: args += ["--cost", pick(["grace_period=5ms", "grace_period=-1", "nope=1ms", "grace_period=18446744073709551615s"])]
            case 5: args += [pick(["--json", "--force", "--bogus", "--design", "--design=v4.10", "--param", "--param=x=1", "--check-invariants", "--all-designs"])]
            default: if !args.isEmpty { args.remove(at: random.index(below: args.count)) }
            }
        }
        return FrontEndCase(arguments: args, script: script ?? (args.contains(FrontEndCase.scriptPlaceholder) ? [] : nil))
    }

    static let scenarios = ["engine-rcu", "vmstat-drift", "cgroup-churn", "list-lru-overhead", "cache-teardown",
                            "cache-teardown-scaling", "slab-sharing"]
    static let smallParameters: [String: [String]] = [
        "engine-rcu": ["--param", "callbacks=10", "--param", "window_ms=1"],
        "vmstat-drift": ["--param", "children=5", "--param", "allocations=2"],
        "cgroup-churn": ["--param", "cgroups=20", "--param", "pages=2"],
        "list-lru-overhead": ["--param", "memcgs=10", "--param", "superblocks=3"],
        "cache-teardown": ["--param", "cgroups=10", "--param", "caches=2", "--param", "slabinfo_passes=0"],
        "cache-teardown-scaling": ["--param", "from=4", "--param", "to=8", "--param", "repeats=1", "--param", "sample_ms=0", "--param", "caches=1"],
        "slab-sharing": ["--param", "cgroups=5", "--param", "objects=1"],
    ]
}


