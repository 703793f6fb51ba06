/// A per-CPU counter update caught between its load and its store: the
/// read-modify-write of `__mod_memcg_state` (and its per-node twin) on the
/// CPU that owns the counter, split in two so that another CPU's flush can
/// run in between.
///
/// Made by `MemcgStats.beginUpdate`, which performs the load; finished by
/// `MemcgStats.commitUpdate`, which stores `loaded + delta` (spilling past
/// the batch under the threshold schemes). A CPU has at most one update in
/// flight: the kernel runs this sequence with preemption disabled, so only
/// a remote CPU can get in between.
package struct StatUpdateInFlight: Sendable {
    package let slot: StatsSlot
    package let item: MemcgStatItem
    let delta: Int
    package let cpu: Int
    package let node: Int
    /// The per-CPU values the load saw: memcg-wide, then per node (if any).
    let loadedItem: Int32
    let loadedNode: Int32
}
