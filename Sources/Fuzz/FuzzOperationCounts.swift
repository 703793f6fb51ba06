package import CgroupFS

/// How many operations of each kind a run generated, and how many of them
/// succeeded (the rest failed with an errno the replay expects), so that a
/// campaign can show that every kind of operation was actually drawn.
package struct FuzzOperationCounts: Sendable, Equatable {
    private(set) var generated: [String: Int] = [:]
    private(set) var succeeded: [String: Int] = [:]

    init() {}

    mutating func record(_ command: ScriptCommand, succeeded ok: Bool) {
        let kind = Self.kind(of: command)
        generated[kind, default: 0] += 1
        if ok { succeeded[kind, default: 0] += 1 }
    }

    /// Adds another run's counts.
    package mutating func add(_ other: FuzzOperationCounts) {
        generated.merge(other.generated, uniquingKeysWith: +)
        succeeded.merge(other.succeeded, uniquingKeysWith: +)
    }

    /// A command's kind: its verb, with the action for `run` and
    /// `run --nowait`, and `@H` for reads and writes through a handle.
    package static func kind(of command: ScriptCommand) -> String {
        switch command {
        case .mkdir: return "mkdir"
        case .rmdir: return "rmdir"
        case .write(let path, _): return path.hasPrefix("@") ? "write @H" : "write"
        case .cat(let path, _): return path.hasPrefix("@") ? "cat @H" : "cat"
        case .open: return "open"
        case .close: return "close"
        case .run(_, _, _, let action, _): return "run " + action
        case .start(_, _, _, let action, _): return "run --nowait " + action
        case .wait: return "wait"
        case .kill: return "kill"
        case .touch: return "touch"
        case .mount: return "mount"
        case .umount: return "umount"
        case .shrink: return "shrink"
        case .swapon: return "swapon"
        case .advance: return "advance"
        case .settle: return "settle"
        case .time: return "time"
        case .step: return "step"
        case .fault: return "fault"
        case .expect: return "expect"
        case .expectError(_, let inner): return kind(of: inner)
        }
    }
}
