import Memcg

// The filesystem actions of `run /cg ACTION ...`.

extension WorkloadAction {
    /// `dcache N [--sb S]`: N lookups of names that do not exist, leaving N
    /// negative dentries on the superblock's LRU (the default superblock
    /// `rootfs` is mounted on first use).
    static let dcache = WorkloadAction(
        name: "dcache", usage: "dcache N [--sb SUPERBLOCK] (N 0...\(maxObjectsPerAction))", arity: 1...3,
        validate: { args in validateCount("dcache", args) },
        steps: { tasks, task, args throws(MemcgError) in
            let (count, sb) = parseCount(args)
            _ = try tasks.vfs.target(sb)
            return ActionSteps(count: count) { _ throws(MemcgError) in
                try tasks.vfs.lookupMissing(1, on: sb, memcg: task.memcg, node: tasks.controller.kernel.currentNode)
                tasks.allocatedObject(task)
            }
        })

    /// `files N [--sb S]`: creates N files, an inode and a dentry each.
    public static let files = WorkloadAction(
        name: "files", usage: "files N [--sb SUPERBLOCK] (N 0...\(maxObjectsPerAction))", arity: 1...3,
        validate: { args in validateCount("files", args) },
        steps: { tasks, task, args throws(MemcgError) in
            let (count, sb) = parseCount(args)
            _ = try tasks.vfs.target(sb)
            return ActionSteps(count: count) { _ throws(MemcgError) in
                try tasks.vfs.createFiles(1, on: sb, memcg: task.memcg, node: tasks.controller.kernel.currentNode)
                tasks.allocatedObject(task, count: 2)
            }
        })

    /// The most objects one action creates, to keep a typo from running for
    /// hours or taking the host's memory (a dentry and an inode of the
    /// model take a few hundred bytes of it).
    static let maxObjectsPerAction = 10_000_000

    private static func validateCount(_ action: String, _ args: [String]) -> String? {
        guard let n = Int(args[0]), (0...maxObjectsPerAction).contains(n) else {
            return "\(action): expected a count 0...\(maxObjectsPerAction), got '\(clip(args[0]))'"
        }
        switch args.count {
        case 1: return nil
        case 3 where args[1] == "--sb":
            do {
                try VirtualFileSystem.validate(args[2])
                return nil
            } catch {
                return "\(action): \(error.reason)"
            }
        default:
            return "\(action): expected '\(action) N [--sb SUPERBLOCK]'"
        }
    }

    private static func parseCount(_ args: [String]) -> (Int, String?) {
        (Int(args[0])!, args.count == 3 ? args[2] : nil)
    }
}
