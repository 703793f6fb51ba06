extension ScriptCommand {
    /// The command as a script line, so that generated commands (the
    /// randomized checker's) can be written out and replayed.
    package var scriptText: String {
        switch self {
        case .mkdir(let path): return "mkdir \(path)"
        case .rmdir(let path): return "rmdir \(path)"
        case .write(let path, let value): return "write \(path) \(Self.quotedIfNeeded(value))"
        case .cat(let path, let label): return label ? "cat --label \(path)" : "cat \(path)"
        case .run(let cgroup, let keep, let cpu, let action, let arguments):
            return Self.runText(nowait: false, cgroup: cgroup, keep: keep, cpu: cpu, action: action, arguments: arguments)
        case .start(let cgroup, let keep, let cpu, let action, let arguments):
            return Self.runText(nowait: true, cgroup: cgroup, keep: keep, cpu: cpu, action: action, arguments: arguments)
        case .wait(.all): return "wait"
        case .wait(.job(let n)): return "wait %\(n)"
        case .wait(.pid(let pid)): return "wait \(pid)"
        case .kill(let pid): return "kill \(pid)"
        case .open(let handle, let path): return "open \(handle) \(path)"
        case .close(let handle): return "close \(handle)"
        case .touch(let pid, let bytes): return "touch \(pid)" + (bytes.map { " \($0)" } ?? "")
        case .mount(let name): return "mount \(name)"
        case .umount(let name): return "umount \(name)"
        case .shrink(let cgroup, let priority): return "shrink \(cgroup) \(priority)"
        case .swapon(let bytes): return "swapon \(bytes)"
        case .advance(let duration): return "advance \(duration)"
        case .settle: return "settle"
        case .time: return "time"
        case .step(let n): return "step \(n)"
        case .fault(let point, let rate): return "fault \(point) \(rate)"
        case .expect(let e):
            return (["expect", e.path] + (e.key.map { [$0] } ?? []) + [e.comparison.rawValue, Self.quotedIfNeeded(e.value)]).joined(separator: " ")
        case .expectError(let errno, let command): return "expect-error \(errno) \(command.scriptText)"
        }
    }

    private static func runText(nowait: Bool, cgroup: String, keep: Bool, cpu: Int?, action: String, arguments: [String]) -> String {
        var words = ["run"]
        if nowait { words.append("--nowait") }
        if keep { words.append("--keep") }
        if let cpu { words += ["--cpu", String(cpu)] }
        words += [cgroup, action] + arguments
        return words.joined(separator: " ")
    }

    /// A value as a script word: quoted when empty or when it holds a
    /// space, a tab or `#`, which would otherwise split it or start a comment.
    static func quotedIfNeeded(_ value: String) -> String {
        value.isEmpty || value.contains(where: { $0 == " " || $0 == "\t" || $0 == "#" }) ? "\"" + value + "\"" : value
    }
}
