extension MemoryController {
    /// A task joined the cgroup (fork into it or a `cgroup.procs` write).
    public func attachTask(to memcg: MemCgroup) {
        memcg.taskCount += 1
    }

    /// A task left the cgroup (exit or migration).
    public func detachTask(from memcg: MemCgroup) {
        memcg.taskCount -= 1
        if memcg.taskCount < 0 {
            report(ModelViolation("task-count-underflow", "\(memcg.path) lost more tasks than it had"))
            memcg.taskCount = 0
        }
    }

    /// Charges anonymous pages (a page fault's folio) to a cgroup.
    public func chargeAnon(_ memcg: MemCgroup, pages: Int) throws(MemcgError) {
        try charge(memcg, pages: pages)
        memcg.anonPages += pages
        modStat(memcg, .anon, pages)
    }

    /// Uncharges anonymous pages when they are unmapped and freed.
    public func unchargeAnon(_ memcg: MemCgroup, pages: Int) {
        memcg.anonPages -= pages
        modStat(memcg, .anon, -pages)
        uncharge(memcg, pages: pages)
    }
}

extension MemoryController {
    /// `+memory` / `-memory` in `cgroup.subtree_control`. The caller
    /// checks the kernel's rules (`cgroup_subtree_control_write`).
    public func setSubtreeControlMemory(_ memcg: MemCgroup, _ enabled: Bool) {
        memcg.subtreeControlMemory = enabled
        memcg.subtreeControlMemoryRemoved = !enabled
    }
}
