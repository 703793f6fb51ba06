import Memcg

// cgroup.stat, as kernel/cgroup/cgroup.c cgroup_stat_show() prints it since
// 6.11 (ab0312526867, "cgroup: Show # of subsystem CSSes in cgroup.stat"):
// nr_descendants, then nr_subsys_<ss> for every controller bound to v2,
// nr_dying_descendants, then nr_dying_subsys_<ss>. The model has one
// controller, memory. nr_subsys_memory is `css ? css->nr_descendants + 1 :
// 0`: a cgroup whose parent does not pass memory down (a `-memory` in an
// ancestor's subtree_control) has no memory css and prints 0, and a css
// counts only the descendants that have one (online_css/offline_css move
// css->nr_descendants along the css's own ancestors). The dying counters
// move where the kernel moves them (see `MemCgroup.dyingDescendants` and
// `dyingSubsysMemory`).

extension CgroupFS {
    static func cgroupStatText(_ memcg: MemCgroup) -> String {
        "nr_descendants \(memcg.liveDescendants)\n"
            + "nr_subsys_memory \(subsysMemory(memcg))\n"
            + "nr_dying_descendants \(memcg.dyingDescendants)\n"
            + "nr_dying_subsys_memory \(memcg.dyingSubsysMemory)\n"
    }

    /// Live memory csses in the subtree: the cgroup's own and its live
    /// descendants' that have the controller; 0 without one of its own.
    static func subsysMemory(_ memcg: MemCgroup) -> Int {
        guard memcg.hasMemoryController else { return 0 }
        // Below a `-memory` nothing has the controller: the walk stops there.
        var total = 1
        var pending = memcg.subtreeControlMemoryRemoved ? [] : [memcg]
        while let cgroup = pending.popLast() {
            for child in cgroup.children.values where child.isOnline {
                total += 1
                if !child.subtreeControlMemoryRemoved { pending.append(child) }
            }
        }
        return total
    }
}
