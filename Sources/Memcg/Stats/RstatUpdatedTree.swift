/// rstat's per-CPU tree of cgroups updated since their last flush
/// (kernel/cgroup/rstat.c: `cgroup_rstat_cpu->updated_children` and
/// `updated_next`), kept intrusively in flat arrays indexed
/// `[slot][cpu]`.
///
/// A cgroup on a CPU's tree is linked into its parent's `updatedChildren`
/// list through `updatedNext`; every ancestor of a queued cgroup is queued
/// too, so a flush from the roots reaches every updated cgroup and only
/// those. Roots are chained in a per-CPU list of their own, so that one
/// instance can serve several independent hierarchies.
struct RstatUpdatedTree: ~Copyable {
    /// `updatedNext` of a cgroup that is not on the CPU's tree.
    static let notQueued: Int32 = -1
    /// The end of a sibling (or root) list.
    static let listEnd: Int32 = -2

    let cpus: Int
    // Flat pointer storage, so that queueing on the hot path is a load
    // and, rarely, a few stores (see `UnsafeGrowableBuffer`).
    private(set) var updatedNext = UnsafeGrowableBuffer<Int32>(capacity: 64)
    private(set) var updatedChildren = UnsafeGrowableBuffer<Int32>(capacity: 64)
    private var rootsHead = UnsafeGrowableBuffer<Int32>(capacity: 64)

    init(cpus: Int) {
        self.cpus = cpus
        rootsHead.append(repeating: Self.listEnd, count: cpus)
    }

    mutating func addSlot() {
        updatedNext.append(repeating: Self.notQueued, count: cpus)
        updatedChildren.append(repeating: Self.listEnd, count: cpus)
    }

    /// Whether no cgroup is queued on any CPU (a flush would visit none).
    var isEmpty: Bool {
        (0..<cpus).allSatisfy { rootsHead[$0] == Self.listEnd }
    }

    @inline(__always) func isQueued(_ slot: Int, cpu: Int) -> Bool {
        updatedNext[slot * cpus + cpu] != Self.notQueued
    }

    /// Queues the cgroup and its unqueued ancestors on the CPU's tree
    /// (`cgroup_rstat_updated`). The common case, an already queued
    /// cgroup, costs one load.
    @inline(__always)
    mutating func markUpdated(_ slot: Int, cpu: Int, parentOf: borrowing UnsafeGrowableBuffer<Int32>) {
        var c = slot
        while updatedNext[c &* cpus &+ cpu] == Self.notQueued {
            let p = Int(parentOf[c])
            if p < 0 {
                updatedNext[c * cpus + cpu] = rootsHead[cpu]
                rootsHead[cpu] = Int32(c)
                return
            }
            updatedNext[c * cpus + cpu] = updatedChildren[p * cpus + cpu]
            updatedChildren[p * cpus + cpu] = Int32(c)
            c = p
        }
    }

    /// Empties the CPU's tree and calls `visit` on every cgroup that was on
    /// it, each before its parent, so that a child's delta has been pushed
    /// into the parent's pending counts when the parent is folded.
    mutating func drain(cpu: Int, scratch: inout [Int32], _ visit: (Int) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        var r = rootsHead[cpu]
        rootsHead[cpu] = Self.listEnd
        while r != Self.listEnd {
            scratch.append(r)
            r = updatedNext[Int(r) * cpus + cpu]
        }
        // Breadth-first: a cgroup enters the buffer after its parent, so
        // the buffer read backwards lists children before parents.
        var k = 0
        while k < scratch.count {
            let c = Int(scratch[k])
            k += 1
            var child = updatedChildren[c * cpus + cpu]
            updatedChildren[c * cpus + cpu] = Self.listEnd
            while child != Self.listEnd {
                scratch.append(child)
                child = updatedNext[Int(child) * cpus + cpu]
            }
        }
        for j in stride(from: scratch.count - 1, through: 0, by: -1) {
            let c = Int(scratch[j])
            updatedNext[c * cpus + cpu] = Self.notQueued
            visit(c)
        }
    }

    /// Takes a cgroup with no queued children off the CPU's tree
    /// (the unlink in `cgroup_rstat_cpu_pop_updated` when a freed cgroup
    /// is flushed). The sibling list is singly linked, so this walks it.
    /// Returns whether the cgroup was queued, and how many list nodes the
    /// walk visited.
    mutating func unlinkLeaf(_ slot: Int, cpu: Int, parent: Int) -> (wasQueued: Bool, visited: Int) {
        guard isQueued(slot, cpu: cpu) else { return (false, 0) }
        precondition(updatedChildren[slot * cpus + cpu] == Self.listEnd, "a freed cgroup has no queued children")
        let next = updatedNext[slot * cpus + cpu]
        var visited = 1
        if parent < 0 {
            if rootsHead[cpu] == Int32(slot) {
                rootsHead[cpu] = next
            } else {
                var prev = Int(rootsHead[cpu])
                while updatedNext[prev * cpus + cpu] != Int32(slot) {
                    prev = Int(updatedNext[prev * cpus + cpu])
                    visited += 1
                }
                updatedNext[prev * cpus + cpu] = next
            }
        } else if updatedChildren[parent * cpus + cpu] == Int32(slot) {
            updatedChildren[parent * cpus + cpu] = next
        } else {
            var prev = Int(updatedChildren[parent * cpus + cpu])
            while updatedNext[prev * cpus + cpu] != Int32(slot) {
                prev = Int(updatedNext[prev * cpus + cpu])
                visited += 1
            }
            updatedNext[prev * cpus + cpu] = next
        }
        updatedNext[slot * cpus + cpu] = Self.notQueued
        return (true, visited)
    }
}
