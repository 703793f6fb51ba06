public import KernelSim
public import Memcg
import Workload

/// Runs parsed scripts against a simulated system, printing what `cat`
/// reads through `output`.
public final class ScriptRunner {
    public let kernel: Kernel
    public let fs: CgroupFS
    public var output: (String) -> Void

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
    public static var parser: ScriptParser {
        ScriptParser(actions: WorkloadAction.all.mapValues(\.arity), validators: WorkloadAction.all.mapValues(\.validate))
    }

    /// Parses and runs a script; nothing runs if any line is malformed.
    /// With `checkingInvariants`, the model's invariants are checked after
    /// every line (how fuzz failures are replayed).
    public func run(script text: String, file: String, checkingInvariants: Bool = false) throws(ScriptError) {
        let lines = try Self.parser.parse(text, file: file)
        for line in lines {
            try execute(line)
            guard checkingInvariants else { continue }
            let broken = fs.controller.checkInvariants()
            if !broken.isEmpty {
                throw .invariantBroken(file: line.file, line: line.line, violations: broken.map(\.description))
            }
        }
    }

    public func execute(_ line: ScriptLine) throws(ScriptError) {
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

    private func perform(_ command: ScriptCommand) throws(MemcgError) {
        switch command {
        case .mkdir(let path): try fs.mkdir(path)
        case .rmdir(let path): try fs.rmdir(path)
        case .write(let path, let value): try fs.write(path, value)
        case .cat(let path): output(try fs.read(path))
        case .run(let cgroup, let keep, let cpu, let actionName, let arguments):
            let memcg = try fs.controller.lookup(cgroup)
            let action = WorkloadAction.all[actionName]!
            let task = try fs.tasks.spawn(in: memcg, cpu: cpu)
            defer { if !keep { fs.tasks.exit(task) } }
            try action.perform(fs.tasks, task, arguments)
            if keep { output("pid \(task.pid)\n") }
        case .kill(let pid):
            fs.tasks.exit(try fs.tasks.task(pid))
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
            kernel.advance(by: duration)
        case .settle:
            kernel.runUntilIdle()
        case .step(let count):
            for _ in 0..<count where kernel.hasPendingWork { kernel.step() }
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
                throw .expectationFailed(file: line.file, line: line.line, message: "expected key '\(key)' in \(expectation.path), not found")
            }
            actual = match.split(separator: " ").dropFirst().joined(separator: " ")
        }
        let holds: Bool
        if let lhs = Self.number(actual), let rhs = Self.number(expectation.value) {
            holds = Self.compare(lhs, expectation.comparison, rhs)
        } else if expectation.comparison == .equal || expectation.comparison == .notEqual {
            holds = (actual == expectation.value) == (expectation.comparison == .equal)
        } else {
            throw .expectationFailed(file: line.file, line: line.line,
                                     message: "cannot compare '\(actual)' with '\(expectation.value)' using \(expectation.comparison.rawValue): not numbers")
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
