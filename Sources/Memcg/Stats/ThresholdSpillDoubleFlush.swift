/// Threshold spill with the offline flush of bee07b33db78 ("mm: memcontrol:
/// flush percpu slab vmstats on kmem offlining", 5.4; reverted in 5.5 by
/// the patch of seed 004): at css_offline the slab counters' per-CPU
/// remainders are summed into the cgroup and its ancestors without being
/// zeroed, so the free-time fold adds them a second time and the parent
/// drifts with every dead cgroup.
///
/// The loop bounds of memcg_flush_percpu_vmstats(memcg, true) ran i from
/// NR_SLAB_RECLAIMABLE while i < NR_SLAB_UNRECLAIMABLE, so only
/// slab_reclaimable (`MemcgStatItem.isFlushedAtOffline`), memcg-wide and
/// per node, was flushed.
final class ThresholdSpillDoubleFlush: ThresholdSpilling {
    func cgroupOffline(_ stats: MemcgStats, _ s: Int) {
        for item in MemcgStatItem.allCases where item.isFlushedAtOffline {
            stats.addRemainderWithoutZeroing(s, column: stats.column(item))
            let nodeItem = stats.nodeItemIndex[item.rawValue]
            guard nodeItem >= 0 else { continue }
            for node in 0..<stats.nodes {
                stats.addRemainderWithoutZeroing(s, column: stats.nodeColumn(nodeItem, node: node))
            }
        }
    }

    var updatePath: StatisticsUpdatePath { .thresholdSpillDoubleFlush(Unmanaged.passUnretained(self)) }

    /// The double count is the bug this scheme models: no promise.
    func errorBound(subtreeCgroups: Int, batch: Int, cpus: Int) -> Int? { nil }
}
