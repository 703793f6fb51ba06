import Memcg

// cgroup.stat, as kernel/cgroup/cgroup.c cgroup_stat_show() prints it since
// 6.11 (ab0312526867, "cgroup: Show # of subsystem CSSes in cgroup.stat"):
// nr_descendants, then nr_subsys_<ss> for every controller bound to v2,
// nr_dying_descendants, then nr_dying_subsys_<ss>. The model has one
// controller, memory, and gives every cgroup its memory css, so
// nr_subsys_memory is the cgroup's own css plus its live descendants'
// (css->nr_descendants + 1) whether or not a parent's subtree_control
// enables memory. The counters move where the kernel moves them (see
// `MemCgroup.dyingDescendants` and `dyingSubsysMemory`).

extension CgroupFS {
    static func cgroupStatText(_ memcg: MemCgroup) -> String {
        "nr_descendants \(memcg.liveDescendants)\n"
            + "nr_subsys_memory \(memcg.liveDescendants + 1)\n"
            + "nr_dying_descendants \(memcg.dyingDescendants)\n"
            + "nr_dying_subsys_memory \(memcg.dyingSubsysMemory)\n"
    }
}
