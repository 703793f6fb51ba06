package import KernelSim
public import Memcg

/// One line of a `memcg script`, parsed.
package enum ScriptCommand: Sendable, Equatable {
    case mkdir(String)
    case rmdir(String)
    /// `write /PATH VALUE`, or `write @H VALUE` through an open handle.
    case write(path: String, value: String)
    /// `cat [--label] /PATH`: prints the file (after a `==> /PATH <==` line
    /// with --label); `cat @H` reads through an open handle.
    case cat(String, label: Bool = false)
    /// `open @H /PATH`: opens a control file as handle @H, so that reads
    /// and writes go through one open file (memory.peak's reset is per
    /// handle).
    case open(handle: String, path: String)
    /// `close @H`.
    case close(handle: String)
    /// `run [--keep] [--cpu N] /cg ACTION ARGS...`
    case run(cgroup: String, keep: Bool, cpu: Int?, action: String, arguments: [String])
    /// `run --nowait [--keep] [--cpu N] /cg ACTION ARGS...`: the action
    /// starts as a background job (printed `[N] PID`) and proceeds while
    /// the script goes on, as the clock moves.
    case start(cgroup: String, keep: Bool, cpu: Int?, action: String, arguments: [String])
    /// `wait [%N | PID]`: runs the kernel until the job (every job, when
    /// none is named) has ended; fails with a failed job's error.
    case wait(WaitTarget)
    case kill(pid: Int)
    /// `touch PID [BYTES]`: the task accesses its anonymous memory again
    /// (all of it by default); pages out on swap are swapped in.
    case touch(pid: Int, bytes: Int?)
    /// `mount NAME`: mounts a superblock (its list_lrus and shrinker).
    case mount(String)
    /// `umount NAME`: frees its dentries and inodes and unmounts it.
    case umount(String)
    /// `shrink /cg [PRIORITY]`: one pass of shrink_slab over the cgroup and
    /// its descendants on every node, at PRIORITY (0...12, default 0, the
    /// most aggressive), as memcg reclaim and drop_caches drive shrinkers.
    case shrink(cgroup: String, priority: Int)
    /// `swapon SIZE`: adds a swap device of SIZE bytes.
    case swapon(Int)
    /// `advance DURATION`: move virtual time forward (at most
    /// `ScriptLimits.maxAdvance` at once); what falls due runs.
    case advance(VirtualDuration)
    case settle
    /// `time`: prints the virtual clock.
    case time
    /// `step N`: run the next N pending kernel events (RCU callbacks, work
    /// items, offline steps), interleaving them with the script's own
    /// commands; stops early when only periodic timers are pending.
    case step(Int)
    /// `fault POINT RATE`: make a fault point fail with this probability.
    case fault(point: String, rate: Double)
    case expect(Expectation)
    /// `expect-error ERRNO COMMAND`: the command must fail with this errno.
    indirect case expectError(errno: String, command: ScriptCommand)
}

/// What a `wait` line waits for.
package enum WaitTarget: Sendable, Equatable {
    /// Every job not yet waited for.
    case all
    /// `%N`: the job numbered N.
    case job(Int)
    /// The job of the task with this pid.
    case pid(Int)
}

/// A comparison an `expect` line asserts.
package struct Expectation: Sendable, Equatable {
    package enum Comparison: String, Sendable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    }

    package let path: String
    /// For flat-keyed files (`memory.stat`, `memory.events`): the key.
    package let key: String?
    let comparison: Comparison
    package let value: String
}

/// A parsed line with where it came from.
package struct ScriptLine: Sendable, Equatable {
    package let file: String
    package let line: Int
    package let text: String
    package let command: ScriptCommand

    package init(file: String, line: Int, text: String, command: ScriptCommand) {
        self.file = file
        self.line = line
        self.text = text
        self.command = command
    }
}

/// Why a script stopped.
public enum ScriptError: Error, Equatable, CustomStringConvertible {
    /// The line could not be parsed; nothing of the script has run (exit 2).
    case syntax(file: String, line: Int, message: String)
    /// An `expect` did not hold, or an `expect-error` command did not fail as expected (exit 1).
    case expectationFailed(file: String, line: Int, message: String)
    /// A command failed and no `expect-error` asked for it (exit 1).
    case commandFailed(file: String, line: Int, text: String, error: MemcgError)
    /// An invariant of the model was broken after this line, when checked (exit 3).
    case invariantBroken(file: String, line: Int, violations: [String])

    public var description: String {
        switch self {
        case .syntax(let file, let line, let message):
            return "\(file):\(line): \(UserText.clipped(message))"
        case .expectationFailed(let file, let line, let message):
            return "\(file):\(line): \(UserText.clipped(message))"
        case .commandFailed(let file, let line, let text, let error):
            return "\(file):\(line): \(UserText.escaped(text)): \(error.errno.name) (\(error.errno.message)): \(UserText.clipped(error.reason))"
        case .invariantBroken(let file, let line, let violations):
            return violations.map { "\(file):\(line): invariant \(UserText.clipped($0, limit: 2_000))" }.joined(separator: "\n")
        }
    }

    /// The process exit status the `memcg script` command uses.
    public var exitCode: Int32 {
        switch self {
        case .syntax: return 2
        case .invariantBroken: return 3
        case .expectationFailed, .commandFailed: return 1
        }
    }
}
