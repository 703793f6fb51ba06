/// cgroup v2's distribution of the memory controller down the tree.
///
/// A cgroup has the memory controller (its memory.* files, its own
/// charges) when every ancestor passes it down: the root always does, and a
/// cgroup does unless `-memory` was the last word written to its
/// `cgroup.subtree_control`. A cgroup whose file was never written passes
/// it down as a host set up by systemd does (systemd enables `memory` in the
/// subtree_control of every slice it creates), without the
/// no-internal-process rule that an explicit `+memory` brings. A task in a
/// cgroup without the controller is charged to the nearest ancestor that
/// has it, as the kernel's css_set points to that ancestor's css.
extension MemCgroup {
    /// Whether the cgroup has the memory controller.
    public var hasMemoryController: Bool {
        var ancestor = parent
        while let a = ancestor {
            if a.subtreeControlMemoryRemoved { return false }
            ancestor = a.parent
        }
        return true
    }

    /// The cgroup whose memcg pays for what tasks in this cgroup allocate:
    /// itself, or the highest ancestor whose subtree_control had `-memory`
    /// written (everything below it is without the controller).
    public var memoryOwner: MemCgroup {
        var owner = self
        var ancestor = parent
        while let a = ancestor {
            if a.subtreeControlMemoryRemoved { owner = a }
            ancestor = a.parent
        }
        return owner
    }
}
