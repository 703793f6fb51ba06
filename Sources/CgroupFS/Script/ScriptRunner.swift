public import KernelSim
public import Memcg
import Workload

/// Runs parsed scripts against a simulated system, printing what `cat`
/// reads through `output`.
public final class ScriptRunner {
    public let kernel: Kernel
    public let fs: CgroupFS
    public var output: (String) -> Void
    /// Text (what `cat` reads, as it reads) or JSON Lines (one object per
    /// `cat`, `expect`, `time` and `run --keep`).
    public var format: ScriptOutputFormat = .text
    /// Full invariant checks run, and the cgroups they covered (their
    /// cost): under `.scaled` the second grows linearly with the script.
    private(set) var invariantChecks = (checks: 0, cgroupsChecked: 0)

    public init(kernel: Kernel, fs: CgroupFS, output: @escaping (String) -> Void = { print($0, terminator: "") }) {
        self.kernel = kernel
        self.fs = fs
        self.output = output
    }

    /// A fresh system (engine, controller, tasks, cgroupfs) for one design.
    public convenience init(configuration: KernelConfiguration, design: Design, output: @escaping (String) -> Void = { print($0, terminator: "") }) {
        let kernel = Kernel(configuration)
        let controller = MemoryController(kernel: kernel, design: design)
        self.init(kernel: kernel, fs: CgroupFS(controller: controller, tasks: TaskTable(controller: controller)), output: output)
    }

    /// The parser for the actions this system knows.
    package static var parser: ScriptParser {
        ScriptParser(actions: WorkloadAction.all.mapValues(\.arity), validators: WorkloadAction.all.mapValues(\.validate))
    }

    /// Parses and runs a script; nothing runs if any line is malformed.
    /// With `checkingInvariants`, the model's invariants are checked after
    /// every line (how fuzz failures are replayed); see
    /// `run(script:file:invariants:)` for checks that scale.
    public func run(script text: String, file: String, checkingInvariants: Bool = false) throws(ScriptError) {
        try run(script: text, file: file, invariants: checkingInvariants ? .everyLine : .never)
    }

    /// Parses and runs a script, checking the model's invariants on
    /// `schedule`. A broken invariant is reported at the line after which
    /// the check that found it ran.
    package func run(script text: String, file: String, invariants schedule: InvariantSchedule) throws(ScriptError) {
        let lines = try Self.parser.parse(text, file: file)
        var pending = 0
        for (index, line) in lines.enumerated() {
            try execute(line)
            pending += 1
            // Cgroups not yet freed (live and dying, the root too), counted
            // without walking them: the schedule is consulted every line.
            let cgroups = fs.controller.lifetime.created - fs.controller.lifetime.freed + 1
            guard schedule.isDue(linesSinceCheck: pending, modelSize: cgroups, isLast: index == lines.count - 1) else { continue }
            pending = 0
            invariantChecks.checks += 1
            invariantChecks.cgroupsChecked += cgroups
            let broken = fs.controller.checkInvariants()
            if !broken.isEmpty {
                throw .invariantBroken(file: line.file, line: line.line, violations: broken.map(\.description))
            }
        }
    }

    package func execute(_ line: ScriptLine) throws(ScriptError) {
        current = line
        defer { current = nil }
        switch line.command {
        case .expect(let expectation):
            try check(expectation, line)
        case .expectError(let name, let command):
            do {
                try perform(command)
            } catch let error {
                guard error.errno.name == name else {
                    throw .expectationFailed(file: line.file, line: line.line,
                                             message: "expected \(name), got \(error.errno.name) (\(error.reason))")
                }
                return
            }
            throw .expectationFailed(file: line.file, line: line.line, message: "expected \(name), got success")
        default:
            do {
                try perform(line.command)
            } catch let error {
                throw .commandFailed(file: line.file, line: line.line, text: line.text, error: error)
            }
        }
    }

    /// The script's open files, by handle name (`@H`).
    private var handles: [String: OpenFile] = [:]

    private func handle(_ name: String) throws(MemcgError) -> OpenFile {
        guard let open = handles[name] else {
            throw MemcgError(.EBADF, "\(name) is not open (no 'open \(name) /PATH' before, or it was closed)")
        }
        return open
    }

    /// The line being executed, for the JSON records.
    private var current: ScriptLine?

    private func emit(_ fields: (JSONLine) -> Void, text: String) {
        switch format {
        case .text:
            output(text)
        case .json:
            let record = JSONLine()
            record.number("line", current?.line ?? 0)
            record.string("command", current?.text ?? "")
            fields(record)
            output(record.closed + "\n")
        }
    }

    private func perform(_ command: ScriptCommand) throws(MemcgError) {
        switch command {
        case .mkdir(let path): try fs.mkdir(path)
        case .rmdir(let path): try fs.rmdir(path)
        case .write(let path, let value):
            if ScriptParser.isHandle(path) {
                try fs.write(try handle(path), value)
            } else {
                try fs.write(path, value)
            }
        case .cat(let path, let label):
            // A debug file's records as JSON too, taken at the same instant as its text.
            let isHandle = ScriptParser.isHandle(path)
            let records = format == .json && !isHandle ? fs.debugFileJSON(path) : nil
            let content = isHandle ? try fs.read(try handle(path)) : try fs.read(path)
            emit({ $0.string("path", path); $0.string("content", content); if let records { $0.raw("records", records) } },
                 text: label ? "==> \(path) <==\n" + content : content)
        case .time:
            emit({ $0.number("time_ns", kernel.now.nanoseconds) }, text: "\(kernel.now)\n")
        case .run(let cgroup, let keep, let cpu, let actionName, let arguments):
            let memcg = try fs.controller.lookup(cgroup)
            let action = WorkloadAction.all[actionName]!
            let task = try fs.tasks.spawn(in: memcg, cpu: cpu)
            defer { if !keep { fs.tasks.exit(task) } }
            try action.perform(fs.tasks, task, arguments)
            if keep { emit({ $0.number("pid", task.pid) }, text: "pid \(task.pid)\n") }
        case .start(let cgroup, let keep, let cpu, let actionName, let arguments):
            let memcg = try fs.controller.lookup(cgroup)
            let action = WorkloadAction.all[actionName]!
            let task = try fs.tasks.spawn(in: memcg, cpu: cpu)
            let steps: ActionSteps
            do {
                steps = try action.steps(fs.tasks, task, arguments)
            } catch {
                if !keep { fs.tasks.exit(task) }
                throw error
            }
            let job = fs.tasks.start(steps, as: task, keep: keep)
            emit({ $0.number("job", job.number); $0.number("pid", task.pid) }, text: "[\(job.number)] \(task.pid)\n")
        case .wait(let target):
            switch target {
            case .all: try fs.tasks.wait(for: fs.tasks.jobs)
            case .job(let number): try fs.tasks.wait(for: [try fs.tasks.job(number)])
            case .pid(let pid): try fs.tasks.wait(for: [try fs.tasks.job(pid: pid)])
            }
        case .open(let name, let path):
            if let open = handles[name] {
                throw MemcgError(.EBUSY, "\(name) is already open on \(open.path); close it first")
            }
            handles[name] = try fs.open(path)
        case .close(let name):
            fs.close(try handle(name))
            handles[name] = nil
        case .kill(let pid):
            fs.tasks.exit(try fs.tasks.task(pid))
        case .touch(let pid, let bytes):
            try fs.tasks.touchAnon(try fs.tasks.task(pid), bytes: bytes)
        case .mount(let name):
            try fs.tasks.vfs.mount(name)
        case .umount(let name):
            try fs.tasks.vfs.umount(name)
            fs.tasks.pageCache.dropSuperblock(name)
        case .swapon(let bytes):
            try fs.controller.pages.swapon(bytes: bytes)
        case .shrink(let cgroup, let priority):
            let memcg = try fs.controller.lookup(cgroup)
            // The walk takes virtual time: one list node visit per object shown.
            let visits = fs.controller.listLRUs.statistics.walkVisits
            fs.controller.shrinkers.shrinkSlab(subtree: memcg, priority: priority)
            let visited = fs.controller.listLRUs.statistics.walkVisits - visits
            kernel.advance(by: kernel.costs.listNodeVisit * UInt64(visited))
        case .advance(let duration):
            guard duration.nanoseconds <= ScriptLimits.clockEnd.nanoseconds - min(kernel.now.nanoseconds, ScriptLimits.clockEnd.nanoseconds) else {
                throw MemcgError(.EINVAL, "advance \(duration) from \(kernel.now) would pass the end of virtual time (\(ScriptLimits.clockEnd), about 146 years)")
            }
            kernel.advance(by: duration)
        case .settle:
            kernel.runUntilIdle()
        case .step(let count):
            for _ in 0..<count {
                guard kernel.hasPendingWork else { break }
                kernel.step()
            }
        case .fault(let point, let rate):
            do {
                try kernel.faults.setFailureRate(point, rate)
            } catch {
                throw MemcgError(.EINVAL, error.description)
            }
        case .expect, .expectError:
            preconditionFailure("expectations are not performed")
        }
    }

    private func check(_ expectation: Expectation, _ line: ScriptLine) throws(ScriptError) {
        let content: String
        do {
            content = try fs.read(expectation.path)
        } catch let error {
            throw .commandFailed(file: line.file, line: line.line, text: line.text, error: error)
        }
        var actual = content.trimmingWhitespace()
        if let key = expectation.key {
            guard let match = content.split(separator: "\n").first(where: { $0.split(separator: " ").first.map(String.init) == key }) else {
                if format == .json { emit({ $0.bool("holds", false); $0.string("error", "key not found") }, text: "") }
                throw .expectationFailed(file: line.file, line: line.line, message: "expected key \(UserText.quoted(key)) in \(expectation.path), not found")
            }
            actual = match.split(separator: " ").dropFirst().joined(separator: " ")
        }
        let holds: Bool
        if let lhs = Self.number(actual), let rhs = Self.number(expectation.value) {
            holds = Self.compare(lhs, expectation.comparison, rhs)
        } else if expectation.comparison == .equal || expectation.comparison == .notEqual {
            holds = (actual == expectation.value) == (expectation.comparison == .equal)
        } else {
            if format == .json { emit({ $0.bool("holds", false); $0.string("actual", actual); $0.string("error", "not numbers") }, text: "") }
            throw .expectationFailed(file: line.file, line: line.line,
                                     message: "cannot compare \(UserText.quoted(actual)) with \(UserText.quoted(expectation.value)) using \(expectation.comparison.rawValue): not numbers")
        }
        if format == .json {
            emit({ $0.bool("holds", holds); $0.string("actual", actual) }, text: "")
        }
        guard holds else {
            let subject = expectation.path + (expectation.key.map { " \($0)" } ?? "")
            throw .expectationFailed(file: line.file, line: line.line,
                                     message: "expected \(subject) \(expectation.comparison.rawValue) \(expectation.value), got \(actual)")
        }
    }

    /// A number as files print them or scripts write them: `max`, bytes, or K/M/G.
    static func number(_ text: String) -> Double? {
        if text == "max" { return Double(Int.max) }
        if let size = WorkloadAction.parseSize(text) { return Double(size) }
        if let value = Int64(text) { return Double(value) }
        return Double(text)
    }

    static func compare(_ lhs: Double, _ comparison: Expectation.Comparison, _ rhs: Double) -> Bool {
        switch comparison {
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        }
    }
}
