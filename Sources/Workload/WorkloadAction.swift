public import Memcg

/// Something a task can do in a script's `run /cg ACTION ARGS...`.
public struct WorkloadAction: Sendable {
    public let name: String
    /// `anon BYTES`, shown in errors and help.
    public let usage: String
    public let arity: ClosedRange<Int>
    /// Returns a message when the arguments are malformed (checked before
    /// anything of the script runs).
    public let validate: @Sendable ([String]) -> String?
    /// The action's units of work for a task (see `ActionSteps`); errors
    /// found before any unit is done (an unknown cache, a missing file)
    /// are thrown here.
    package let steps: @Sendable (TaskTable, SimTask, [String]) throws(MemcgError) -> ActionSteps

    init(name: String, usage: String, arity: ClosedRange<Int>,
                validate: @escaping @Sendable ([String]) -> String?,
                steps: @escaping @Sendable (TaskTable, SimTask, [String]) throws(MemcgError) -> ActionSteps) {
        self.name = name
        self.usage = usage
        self.arity = arity
        self.validate = validate
        self.steps = steps
    }

    /// An action done as one unit.
    init(name: String, usage: String, arity: ClosedRange<Int>,
                validate: @escaping @Sendable ([String]) -> String?,
                perform: @escaping @Sendable (TaskTable, SimTask, [String]) throws(MemcgError) -> Void) {
        self.init(name: name, usage: usage, arity: arity, validate: validate) { tasks, task, args in
            .once { () throws(MemcgError) in try perform(tasks, task, args) }
        }
    }

    /// Does the action to the end as `task` (a script's `run`).
    public func perform(_ tasks: TaskTable, _ task: SimTask, _ arguments: [String]) throws(MemcgError) {
        try tasks.perform(steps(tasks, task, arguments), as: task)
    }
}

extension WorkloadAction {
    /// Every action, in the order help lists them.
    public static let catalog = [anon, threads, slab, kmalloc, dcache, files] + pageActions
    /// Every action, by name.
    public static let all: [String: WorkloadAction] = Dictionary(uniqueKeysWithValues: catalog.map { ($0.name, $0) })

    /// The largest `anon` in one action: 64 GiB, 16 Mi page faults (the
    /// model charges a page per fault, so this bounds the action's time).
    public static let maxAnonBytes = 64 << 30
    /// The most threads one action starts: the kernel's PID_MAX_LIMIT.
    static let maxThreads = 4 * 1_024 * 1_024

    /// `anon BYTES`: fault in anonymous memory (K/M/G suffixes).
    public static let anon = WorkloadAction(
        name: "anon", usage: "anon BYTES (0...64G)", arity: 1...1,
        validate: { args in
            parseSize(args[0]).map { $0 <= maxAnonBytes } == true
                ? nil : "anon: expected a size 0...64G such as 4096, 64K or 10M, got '\(clip(args[0]))'"
        },
        steps: { tasks, task, args in
            tasks.anonSteps(task, bytes: parseSize(args[0])!, mlocked: false)
        })

    /// `threads N`: start N threads that live until the task exits.
    static let threads = WorkloadAction(
        name: "threads", usage: "threads N (0...4194304)", arity: 1...1,
        validate: { args in
            Int(args[0]).map { (0...maxThreads).contains($0) } == true
                ? nil : "threads: expected a count 0...\(maxThreads), got '\(clip(args[0]))'"
        },
        steps: { tasks, task, args in
            tasks.threadSteps(task, count: Int(args[0])!)
        })

    /// `slab CACHE N`: allocate N objects of a slab cache (e.g. pid,
    /// vm_area_struct), kept until the task exits.
    public static let slab = WorkloadAction(
        name: "slab", usage: "slab CACHE N (N 1...\(TaskTable.maxSlabObjectsPerAction))", arity: 2...2,
        validate: { args in
            Int(args[1]).map { (1...TaskTable.maxSlabObjectsPerAction).contains($0) } == true
                ? nil : "slab: expected an object count 1...\(TaskTable.maxSlabObjectsPerAction), got '\(clip(args[1]))'"
        },
        steps: { tasks, task, args throws(MemcgError) in
            try tasks.slabSteps(task, cache: args[0], count: Int(args[1])!)
        })

    /// `kmalloc SIZE N`: N accounted kmalloc objects of SIZE bytes (at most
    /// two pages), kept until the task exits.
    public static let kmalloc = WorkloadAction(
        name: "kmalloc", usage: "kmalloc SIZE N (SIZE 1...\(2 * PageSize.bytes), N 1...\(TaskTable.maxSlabObjectsPerAction))", arity: 2...2,
        validate: { args in
            guard let size = parseSize(args[0]), (1...2 * PageSize.bytes).contains(size) else {
                return "kmalloc: expected a size 1...\(2 * PageSize.bytes), got '\(clip(args[0]))'"
            }
            return Int(args[1]).map { (1...TaskTable.maxSlabObjectsPerAction).contains($0) } == true
                ? nil : "kmalloc: expected an object count 1...\(TaskTable.maxSlabObjectsPerAction), got '\(clip(args[1]))'"
        },
        steps: { tasks, task, args in
            tasks.kmallocSteps(task, size: parseSize(args[0])!, count: Int(args[1])!)
        })

    /// An argument as a message shows it: its first 32 characters.
    static func clip(_ text: String) -> String {
        text.count <= 32 ? text : String(text.prefix(32)) + "...(\(text.utf8.count) bytes)"
    }

    /// A byte count with an optional K, M or G suffix (binary multiples).
    ///
    /// Deliberately not the kernel's memparse (`MemParse`, which control
    /// file writes go through, as their kernel counterparts do): action
    /// arguments and `expect` values are the script language's own, read
    /// as decimal, so that `010` is ten and a value copied from a printed
    /// file compares as printed.
    public static func parseSize(_ text: String) -> Int? {
        let multipliers: [Character: Int] = ["K": 1 << 10, "k": 1 << 10, "M": 1 << 20, "m": 1 << 20, "G": 1 << 30, "g": 1 << 30]
        if let last = text.last, let m = multipliers[last] {
            guard let n = Int(text.dropLast()), n >= 0 else { return nil }
            return n.multipliedReportingOverflow(by: m).overflow ? nil : n * m
        }
        guard let n = Int(text), n >= 0 else { return nil }
        return n
    }
}
