import KernelSim
import Memcg
import Workload

/// Parses the `memcg script` language, a line at a time:
///
/// ```
/// # comment
/// mkdir /a/b                 rmdir /a/b
/// write /a/memory.max 100M   echo 100M > /a/memory.max
/// cat /a/memory.stat
/// open @p /a/memory.peak     cat @p   write @p reset   close @p
/// run [--keep] [--cpu N] /a ACTION [ARGS...]
/// run --nowait /a ACTION [ARGS...]   wait [%N | PID]
/// kill PID                   touch PID [BYTES]
/// mount SB                   umount SB
/// shrink /a [PRIORITY]      swapon 1G
/// advance 100ms              settle
/// step 3                     fault memcg.charge 0.01
/// expect /a/memory.current <= 1M
/// expect /a/memory.stat slab > 0
/// expect-error ENOENT rmdir /nope
/// ```
package struct ScriptParser {
    /// Actions `run` accepts, with their argument counts, checked at parse time.
    let actions: [String: ClosedRange<Int>]
    /// Per action, a check of its arguments that returns a message when they are malformed.
    let validators: [String: @Sendable ([String]) -> String?]

    init(actions: [String: ClosedRange<Int>], validators: [String: @Sendable ([String]) -> String?] = [:]) {
        self.actions = actions
        self.validators = validators
    }

    /// Parses a whole script; the first bad line is reported and nothing runs.
    /// Lines end in LF or CRLF.
    package func parse(_ text: String, file: String) throws(ScriptError) -> [ScriptLine] {
        var lines: [ScriptLine] = []
        var number = 0
        // "\r\n" is one Character in Swift: split on both forms.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            do {
                let words = try Self.words(raw)
                guard !words.isEmpty else { continue }
                let command = try parse(words: words)
                lines.append(ScriptLine(file: file, line: number, text: words.joined(separator: " "), command: command))
            } catch let message {
                throw .syntax(file: file, line: number, message: message.text)
            }
        }
        return lines
    }

    struct Message: Error { let text: String }

    private func parse(words: [String]) throws(Message) -> ScriptCommand {
        let verb = words[0]
        let args = Array(words.dropFirst())
        switch verb {
        case "mkdir", "rmdir":
            guard args.count == 1, args[0].hasPrefix("/") else { throw Message(text: "expected '\(verb) /PATH'") }
            return verb == "mkdir" ? .mkdir(args[0]) : .rmdir(args[0])
        case "write":
            guard args.count >= 2, args[0].hasPrefix("/") || Self.isHandle(args[0]) else { throw Message(text: "expected 'write /PATH VALUE' or 'write @HANDLE VALUE'") }
            return .write(path: args[0], value: Self.unquote(args.dropFirst().joined(separator: " ")))
        case "echo":
            guard args.count >= 3, args[args.count - 2] == ">", args.last!.hasPrefix("/") || Self.isHandle(args.last!) else {
                throw Message(text: "expected 'echo VALUE > /PATH' or 'echo VALUE > @HANDLE'")
            }
            return .write(path: args.last!, value: Self.unquote(args.dropLast(2).joined(separator: " ")))
        case "cat":
            let label = args.first == "--label"
            let paths = label ? Array(args.dropFirst()) : args
            guard paths.count == 1, paths[0].hasPrefix("/") || Self.isHandle(paths[0]) else {
                throw Message(text: "expected 'cat [--label] /PATH' or 'cat [--label] @HANDLE'")
            }
            return .cat(paths[0], label: label)
        case "open":
            guard args.count == 2, Self.isHandle(args[0]), args[1].hasPrefix("/") else {
                throw Message(text: "expected 'open @HANDLE /PATH' with HANDLE 1-32 letters, digits or '_'")
            }
            return .open(handle: args[0], path: args[1])
        case "close":
            guard args.count == 1, Self.isHandle(args[0]) else { throw Message(text: "expected 'close @HANDLE'") }
            return .close(handle: args[0])
        case "run":
            return try parseRun(args)
        case "wait":
            return .wait(try parseWait(args))
        case "touch":
            guard (1...2).contains(args.count), let pid = Int(args[0]), ScriptLimits.pids.contains(pid) else {
                throw Message(text: "expected 'touch PID [BYTES]' with PID \(ScriptLimits.pids.lowerBound)...\(ScriptLimits.pids.upperBound)")
            }
            var bytes: Int?
            if args.count == 2 {
                guard let size = WorkloadAction.parseSize(args[1]), size <= WorkloadAction.maxAnonBytes else {
                    throw Message(text: "touch: BYTES must be a size up to 64G such as 4096, 64K or 10M, got \(UserText.quoted(args[1]))")
                }
                bytes = size
            }
            return .touch(pid: pid, bytes: bytes)
        case "kill":
            guard args.count == 1, let pid = Int(args[0]), ScriptLimits.pids.contains(pid) else {
                throw Message(text: "expected 'kill PID' with PID \(ScriptLimits.pids.lowerBound)...\(ScriptLimits.pids.upperBound)")
            }
            return .kill(pid: pid)
        case "mount", "umount":
            guard args.count == 1, !args[0].hasPrefix("/") else { throw Message(text: "expected '\(verb) NAME' (a superblock name, not a path)") }
            return verb == "mount" ? .mount(args[0]) : .umount(args[0])
        case "shrink":
            guard (1...2).contains(args.count), args[0].hasPrefix("/") else { throw Message(text: "expected 'shrink /CGROUP [PRIORITY]'") }
            var priority = 0
            if args.count == 2 {
                guard let p = Int(args[1]), (0...ShrinkerRegistry.defaultPriority).contains(p) else {
                    throw Message(text: "shrink: PRIORITY must be 0...\(ShrinkerRegistry.defaultPriority), got \(UserText.quoted(args[1]))")
                }
                priority = p
            }
            return .shrink(cgroup: args[0], priority: priority)
        case "swapon":
            guard args.count == 1, let bytes = WorkloadAction.parseSize(args[0]), (4_096...PageLRU.maxSwapBytes).contains(bytes) else {
                throw Message(text: "expected 'swapon SIZE' with SIZE 4K...64G, such as 1G")
            }
            return .swapon(bytes)
        case "advance":
            guard args.count == 1, let duration = VirtualDuration(parsing: args[0]), duration <= ScriptLimits.maxAdvance else {
                throw Message(text: "expected 'advance DURATION' such as 100ms, 2s or 500us, 0...\(ScriptLimits.maxAdvance) (100 years)")
            }
            return .advance(duration)
        case "settle":
            guard args.isEmpty else { throw Message(text: "expected 'settle' with no arguments") }
            return .settle
        case "step":
            guard args.count == 1, let n = Int(args[0]), ScriptLimits.steps.contains(n) else {
                throw Message(text: "expected 'step N' with N \(ScriptLimits.steps.lowerBound)...\(ScriptLimits.steps.upperBound)")
            }
            return .step(n)
        case "fault":
            guard args.count == 2, let rate = Double(args[1]), rate >= 0, rate <= 1 else {
                throw Message(text: "expected 'fault POINT RATE' with RATE between 0 and 1")
            }
            return .fault(point: args[0], rate: rate)
        case "expect":
            return .expect(try parseExpectation(args))
        case "expect-error":
            guard args.count >= 2 else { throw Message(text: "expected 'expect-error ERRNO COMMAND...'") }
            guard Errno(name: args[0]) != nil else {
                throw Message(text: "unknown errno \(UserText.quoted(args[0])); known: \(Errno.allCases.map(\.name).joined(separator: ", "))")
            }
            let inner = try parse(words: Array(args.dropFirst()))
            if case .expect = inner { throw Message(text: "expect-error needs a command, not an expectation") }
            if case .expectError = inner { throw Message(text: "expect-error cannot be nested") }
            return .expectError(errno: args[0], command: inner)
        case "time":
            guard args.isEmpty else { throw Message(text: "expected 'time' with no arguments") }
            return .time
        default:
            throw Message(text: "unknown command \(UserText.quoted(verb)); expected one of mkdir, rmdir, write, echo, cat, open, close, run, wait, kill, touch, mount, umount, shrink, swapon, advance, settle, step, time, fault, expect, expect-error")
        }
    }

    private func parseRun(_ args: [String]) throws(Message) -> ScriptCommand {
        var rest = args[...]
        var keep = false
        var nowait = false
        var cpu: Int?
        while let flag = rest.first, flag.hasPrefix("--") {
            rest = rest.dropFirst()
            switch flag {
            case "--keep": keep = true
            case "--nowait": nowait = true
            case "--cpu":
                guard let value = rest.first, let n = Int(value), (0..<Topology.maxCPUs).contains(n) else {
                    throw Message(text: "expected '--cpu N' with N 0...\(Topology.maxCPUs - 1)")
                }
                cpu = n
                rest = rest.dropFirst()
            default:
                throw Message(text: "unknown run option \(UserText.quoted(flag)); expected --nowait, --keep or --cpu N")
            }
        }
        guard let cgroup = rest.first, cgroup.hasPrefix("/") else {
            throw Message(text: "expected 'run [--nowait] [--keep] [--cpu N] /CGROUP ACTION [ARGS...]'")
        }
        rest = rest.dropFirst()
        guard let action = rest.first else {
            throw Message(text: "expected an action after \(cgroup); actions: \(actions.keys.sorted().joined(separator: ", "))")
        }
        guard let arity = actions[action] else {
            throw Message(text: "unknown action \(UserText.quoted(action)); actions: \(actions.keys.sorted().joined(separator: ", "))")
        }
        let arguments = Array(rest.dropFirst())
        guard arity.contains(arguments.count) else {
            throw Message(text: "action '\(action)' takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound)-\(arity.upperBound)") argument(s), got \(arguments.count)")
        }
        if let message = validators[action]?(arguments) { throw Message(text: message) }
        return nowait ? .start(cgroup: cgroup, keep: keep, cpu: cpu, action: action, arguments: arguments)
            : .run(cgroup: cgroup, keep: keep, cpu: cpu, action: action, arguments: arguments)
    }

    private func parseWait(_ args: [String]) throws(Message) -> WaitTarget {
        let usage = "expected 'wait', 'wait %N' (a job number) or 'wait PID' (a job's task)"
        guard args.count <= 1 else { throw Message(text: usage) }
        guard let word = args.first else { return .all }
        if word.hasPrefix("%") {
            guard let n = Int(word.dropFirst()), n >= 1 else { throw Message(text: usage) }
            return .job(n)
        }
        guard let pid = Int(word), ScriptLimits.pids.contains(pid) else { throw Message(text: usage) }
        return .pid(pid)
    }

    private func parseExpectation(_ args: [String]) throws(Message) -> Expectation {
        let usage = "expected 'expect /PATH OP VALUE' or 'expect /PATH KEY OP VALUE' with OP one of == != < <= > >="
        guard args.count == 3 || args.count == 4, args[0].hasPrefix("/") else { throw Message(text: usage) }
        let opIndex = args.count - 2
        guard let comparison = Expectation.Comparison(rawValue: args[opIndex]) else { throw Message(text: usage) }
        return Expectation(path: args[0], key: args.count == 4 ? args[1] : nil, comparison: comparison, value: Self.unquote(args[args.count - 1]))
    }

    /// `@NAME`: a file handle of `open`, NAME 1-32 ASCII letters, digits or '_'.
    static func isHandle(_ word: String) -> Bool {
        guard word.hasPrefix("@") else { return false }
        let name = word.utf8.dropFirst()
        return (1...32).contains(name.count) && name.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        }
    }

    /// `"text"` stands for text; `""` for the empty string.
    static func unquote(_ text: String) -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// Splits a line into words on spaces, tabs and carriage returns. A
    /// `"` starts a quoted run that keeps spaces and `#` (the quotes stay
    /// in the word for `unquote`); `#` elsewhere starts a comment.
    static func words(_ line: Substring) throws(Message) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quoted = false
        for c in line {
            if quoted {
                word.append(c)
                if c == "\"" { quoted = false }
                continue
            }
            switch c {
            case " ", "\t", "\r":
                if inWord { words.append(word); word = ""; inWord = false }
            case "#":
                if inWord { words.append(word) }
                return words
            case "\"":
                word.append(c)
                inWord = true
                quoted = true
            default:
                word.append(c)
                inWord = true
            }
        }
        guard !quoted else { throw Message(text: "unterminated quote: a \" with no closing \" on the line") }
        if inWord { words.append(word) }
        return words
    }
}
