public import Memcg

// The page actions: page cache (`pagecache`, `read`, `unlink`), locked
// anonymous memory (`mlock`) and socket buffers (`sock`).

extension WorkloadAction {
    /// The page actions, in the order help lists them.
    static let pageActions = [pagecache, read, unlink, mlock, sock]

    /// `pagecache BYTES [--file NAME] [--sb SB] [--write]`: the task reads
    /// (or, with --write, writes) BYTES of a file, bringing its pages into
    /// the page cache charged to its cgroup; they stay cached after it
    /// exits. Without --file the file is named after the task.
    static let pagecache = WorkloadAction(
        name: "pagecache", usage: "pagecache BYTES [--file NAME] [--sb SB] [--write]", arity: 1...6,
        validate: { args in parsePageCacheArguments(args).1 },
        steps: { tasks, task, args throws(MemcgError) in
            let (parsed, _) = parsePageCacheArguments(args)
            let options = parsed!
            return try tasks.fileSteps(task, name: options.file ?? "task\(task.pid)", superblock: options.superblock,
                                       bytes: options.bytes, write: options.write, create: true)
        })

    /// `read NAME [BYTES] [--sb SB]`: the task reads a cached file (all of
    /// it by default): pages in memory are accessed (a second access
    /// activates), evicted ones refault.
    public static let read = WorkloadAction(
        name: "read", usage: "read NAME [BYTES] [--sb SB]", arity: 1...4,
        validate: { args in parseFileArguments(args, action: "read", allowsBytes: true).1 },
        steps: { tasks, task, args throws(MemcgError) in
            let options = parseFileArguments(args, action: "read", allowsBytes: true).0!
            return try tasks.fileSteps(task, name: options.name, superblock: options.superblock,
                                       bytes: options.bytes ?? PageCache.maxBytesPerAction, write: false, create: false)
        })

    /// `unlink NAME [--sb SB]`: the file is deleted; its pages are freed and uncharged.
    public static let unlink = WorkloadAction(
        name: "unlink", usage: "unlink NAME [--sb SB]", arity: 1...3,
        validate: { args in parseFileArguments(args, action: "unlink", allowsBytes: false).1 },
        perform: { tasks, task, args throws(MemcgError) in
            let options = parseFileArguments(args, action: "unlink", allowsBytes: false).0!
            try tasks.pageCache.unlink(options.name, superblock: options.superblock)
        })

    /// `mlock BYTES`: anonymous memory locked in memory (the unevictable list).
    static let mlock = WorkloadAction(
        name: "mlock", usage: "mlock BYTES", arity: 1...1,
        validate: { args in validateBytes("mlock", args[0]) },
        steps: { tasks, task, args in
            tasks.anonSteps(task, bytes: parseSize(args[0])!, mlocked: true)
        })

    /// `sock BYTES`: socket buffer memory, charged until the task exits.
    public static let sock = WorkloadAction(
        name: "sock", usage: "sock BYTES", arity: 1...1,
        validate: { args in validateBytes("sock", args[0]) },
        steps: { tasks, task, args in
            tasks.sockSteps(task, bytes: parseSize(args[0])!)
        })

    private static func validateBytes(_ action: String, _ text: String) -> String? {
        guard let bytes = parseSize(text), bytes <= PageCache.maxBytesPerAction else {
            return "\(action): expected a size up to 64G such as 4096, 64K or 10M, got '\(text)'"
        }
        return nil
    }

    struct PageCacheArguments {
        var bytes = 0
        var file: String?
        var superblock = "rootfs"
        var write = false
    }

    static func parsePageCacheArguments(_ args: [String]) -> (PageCacheArguments?, String?) {
        var options = PageCacheArguments()
        if let message = validateBytes("pagecache", args[0]) { return (nil, message) }
        options.bytes = parseSize(args[0])!
        var rest = args.dropFirst()
        while let flag = rest.first {
            rest = rest.dropFirst()
            switch flag {
            case "--write": options.write = true
            case "--file", "--sb":
                guard let value = rest.first, !value.hasPrefix("-"), !value.contains("/") else {
                    return (nil, "pagecache: \(flag) needs a name without '/'")
                }
                rest = rest.dropFirst()
                if flag == "--file" { options.file = value } else { options.superblock = value }
            default:
                return (nil, "pagecache: unknown option '\(flag)'; expected --file NAME, --sb SB or --write")
            }
        }
        return (options, nil)
    }

    struct FileArguments {
        var name = ""
        var bytes: Int?
        var superblock = "rootfs"
    }

    static func parseFileArguments(_ args: [String], action: String, allowsBytes: Bool) -> (FileArguments?, String?) {
        var options = FileArguments()
        guard !args[0].hasPrefix("-"), !args[0].contains("/") else { return (nil, "\(action): expected a file name without '/', got '\(args[0])'") }
        options.name = args[0]
        var rest = args.dropFirst()
        while let word = rest.first {
            rest = rest.dropFirst()
            if word == "--sb" {
                guard let value = rest.first, !value.hasPrefix("-"), !value.contains("/") else { return (nil, "\(action): --sb needs a name without '/'") }
                options.superblock = value
                rest = rest.dropFirst()
            } else if allowsBytes, options.bytes == nil, validateBytes(action, word) == nil {
                options.bytes = parseSize(word)!
            } else {
                return (nil, "\(action): unexpected argument '\(word)'; usage: \(allowsBytes ? "read NAME [BYTES] [--sb SB]" : "unlink NAME [--sb SB]")")
            }
        }
        return (options, nil)
    }
}

extension TaskTable {
    /// Reads or writes a file's pages as the task (see `PageCache.access`).
    public func accessFile(_ task: SimTask, name: String, superblock: String, bytes: Int, write: Bool, create: Bool) throws(MemcgError) {
        try perform(fileSteps(task, name: name, superblock: superblock, bytes: bytes, write: write, create: create), as: task)
    }

    /// The pages of `accessFile`, a unit a page; ENOENT for a missing file
    /// (unless `create`) before any.
    func fileSteps(_ task: SimTask, name: String, superblock: String, bytes: Int, write: Bool, create: Bool) throws(MemcgError) -> ActionSteps {
        let (file, count) = try pageCache.open(name, superblock: superblock, bytes: bytes, create: create)
        return ActionSteps(count: count) { [unowned(unsafe) self] index throws(MemcgError) in
            try pageCache.accessPage(file, index: index, write: write, memcg: task.memcg, node: controller.kernel.currentNode)
            faulted(task)
        }
    }

    /// Socket buffers for the task, charged to its cgroup until it exits:
    /// one unit.
    func sockSteps(_ task: SimTask, bytes: Int) -> ActionSteps {
        let pages = (bytes + PageSize.bytes - 1) / PageSize.bytes
        guard pages > 0 else { return ActionSteps(count: 0) { _ in } }
        return .once { [unowned(unsafe) self] () throws(MemcgError) in
            try controller.chargeSock(task.memcg, pages: pages)
            task.sockCharges.append((task.memcg, pages))
        }
    }
}
