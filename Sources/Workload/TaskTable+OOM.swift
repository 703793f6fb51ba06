public import Memcg

// The OOM killer's choice and kill (mm/oom_kill.c): `select_bad_process`
// over the tasks of the OOM domain, `oom_badness`, `oom_kill_process`
// with memory.oom.group (`mem_cgroup_get_oom_group`).

extension TaskTable {
    /// The range of `/proc/PID/oom_score_adj`.
    static let oomScoreAdjRange = -1_000...1_000

    /// Writes `/proc/PID/oom_score_adj`.
    public func setOOMScoreAdj(_ pid: Int, _ value: Int) throws(MemcgError) {
        let task = try task(pid)
        guard Self.oomScoreAdjRange.contains(value) else {
            throw MemcgError(.EINVAL, "oom_score_adj: expected -1000...1000, got \(value)")
        }
        task.oomScoreAdj = value
    }

    /// `oom_badness`: the task's resident and swapped pages, plus its
    /// oom_score_adj as thousandths of the domain's pages; nil for a task
    /// that may not be killed (-1000, or already chosen).
    func badness(_ task: SimTask, totalPages: Int) -> Int? {
        guard task.oomScoreAdj != TaskTable.oomScoreAdjRange.lowerBound, !task.oomKilled, !task.hasExited else { return nil }
        let pages = task.anonPageIDs.count + task.sockCharges.reduce(0) { $0 + $1.pages }
        return pages + task.oomScoreAdj * (totalPages / 1_000)
    }

    /// `out_of_memory` in a domain (a memcg's subtree, or the machine):
    /// kills the task with the largest badness, first in `mem_cgroup_iter`
    /// order and pid order among equals, and with memory.oom.group every
    /// task of the highest group memcg between the victim and the domain.
    func outOfMemory(domain: MemCgroup?) -> OOMKillOutcome {
        let root = domain ?? controller.root
        let totalPages = domain.map { oomDomainPages($0) } ?? (controller.pages.host.totalFrames + (controller.pages.swap?.slots ?? 0))
        var chosen: (task: SimTask, points: Int)?
        for pid in livePIDs {
            let task = tasks[pid]!
            guard task.memcg.isDescendant(of: root), let points = badness(task, totalPages: totalPages) else { continue }
            if chosen == nil || points > chosen!.points || (points == chosen!.points && precedes(task, chosen!.task)) {
                chosen = (task, points)
            }
        }
        guard let victim = chosen?.task else { return .noVictim }
        var killed = [victim]
        if let group = oomGroup(of: victim.memcg, domain: root) {
            controller.countOOMGroupKill(group)
            killed += livePIDs.map { tasks[$0]! }.filter {
                $0 !== victim && $0.memcg.isDescendant(of: group) && $0.oomScoreAdj != TaskTable.oomScoreAdjRange.lowerBound && !$0.oomKilled
            }
        }
        var outcome = OOMKillOutcome.killedOther
        for task in killed {
            controller.countOOMKill(task.memcg)
            task.oomKilled = true
            if task === current || task.exiting {
                outcome = .killedCurrent
            } else {
                exit(task)
            }
        }
        return outcome
    }

    /// Among tasks of equal badness the kernel keeps the first it met:
    /// memcgs in pre-order, then pids in order.
    private func precedes(_ a: SimTask, _ b: SimTask) -> Bool {
        let order = controller.pages.iterationOrder()
        let ia = order[a.memcg.serial] ?? .max, ib = order[b.memcg.serial] ?? .max
        return ia != ib ? ia < ib : a.pid < b.pid
    }

    /// `mem_cgroup_get_max`: the domain's memory.max plus what swap it may use.
    private func oomDomainPages(_ memcg: MemCgroup) -> Int {
        let memory = memcg.memory.max == .max ? controller.pages.host.totalFrames : memcg.memory.max
        let swap = Swift.min(controller.pages.swap?.slots ?? 0, memcg.pageState?.swapMax ?? .max)
        return memory + swap
    }

    /// `mem_cgroup_get_oom_group`: the highest memcg with memory.oom.group
    /// set from the victim's up to the OOM domain (none for global OOM).
    private func oomGroup(of memcg: MemCgroup, domain: MemCgroup) -> MemCgroup? {
        var group: MemCgroup?
        var node: MemCgroup? = memcg
        while let m = node {
            if m.pageState?.oomGroup == true { group = m }
            if m === domain { break }
            node = m.parent
        }
        return group
    }
}
