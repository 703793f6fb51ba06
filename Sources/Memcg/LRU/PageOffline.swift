/// What happens to a memcg's pages when it goes offline: the replaceable
/// step of the offline path that seed 003 argues about.
///
/// Every design first drains the per-CPU add batches
/// (`lru_add_drain_all`), so that no page of the memcg waits off its lists.
public protocol PageOfflinePolicy {
    /// The kernel release the policy is named after, for reports.
    var name: String { get }
    /// Runs at `mem_cgroup_css_offline`, after the batches are drained.
    func offline(_ memcg: MemCgroup, pages: PageLRU)
}

/// 3.19 and later (until the objcg splice): nothing moves. The pages keep
/// pointing at the dying memcg, pin it with their charges, and reclaim
/// finds them because `mem_cgroup_iter` still visits dying memcgs; the
/// memcg is freed when reclaim or truncation has freed its last page.
public struct KeepPagesOnDyingMemcg: PageOfflinePolicy {
    public init() {}
    public var name: String { "none (3.19+)" }
    public func offline(_ memcg: MemCgroup, pages: PageLRU) {}
}
