/// What happens to a memcg's LRU pages when it goes offline (seed 003).
///
/// The variants are the designs the kernel had or argued about, in order:
/// 3.18 moved every page and charge to the parent and waited for the
/// usage to reach 0; the 2014 RFC moved only what was on the LRU lists;
/// 3.19 to 7.0 moved nothing; the 2026 "Eliminate Dying Memory Cgroup"
/// series splices the lists into the parent's through objcg. The value is
/// looked at once, where the page layer is built (`PageLRU.init`), and
/// picks a type in `LRU/Offline/`.
public enum OfflinePages: String, DesignKnobValue {
    /// mem_cgroup_css_offline -> mem_cgroup_reparent_charges (up to 3.18).
    case reparentCharges
    /// Michal Hocko's RFC (Feb 2014): LRU pages only, to the first
    /// ancestor that can be referenced; the charge loop moves to css_free.
    case reparentLRUs
    /// The RFC plus what Hugh Dickins asked for in reply: a page put back
    /// to an offline memcg's lruvec goes to the live ancestor's instead.
    case reparentLRUsOnPutback
    /// No reparenting (3.19 to 7.0): pages keep and pin their dying memcg,
    /// which reclaim keeps visiting.
    case none
    /// Folios point at an obj_cgroup; offline splices the lists into the
    /// parent's and retargets the objcg ("Eliminate Dying Memory Cgroup").
    case objcg

    public var summary: String {
        switch self {
        case .reparentCharges:
            return "every LRU page and its charge moved to the parent at offline, looping under cgroup_mutex until usage is 0; up to 3.18"
        case .reparentLRUs:
            return "LRU pages moved to the first live ancestor at offline, no wait for usage 0; pages isolated then go AWOL until css_free; 2014 RFC"
        case .reparentLRUsOnPutback:
            return "as reparentLRUs, but a page put back to an offline memcg's lruvec goes to the live ancestor; the RFC as Hugh Dickins wished it"
        case .none:
            return "no reparenting: pages pin the dying memcg until reclaimed or freed, reclaim visits dying memcgs; 3.19 to 7.0"
        case .objcg:
            return "folios point at an objcg; offline splices each node's lists into the parent's and retargets the objcg; mm series 2026"
        }
    }
}
