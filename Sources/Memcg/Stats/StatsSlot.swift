/// A handle to one cgroup's statistics inside `MemcgStats`: the model's
/// counterpart of a `struct mem_cgroup` pointer as far as vmstats go
/// (its `vmstats`, `vmstats_percpu` and per-node `lruvec_stats_percpu`).
///
/// A plain index, so that the cgroup layer can keep it in its own flat
/// tables. After `MemcgStats.cgroupFreed(_:)` the index may be handed out
/// again, as the kernel reuses a freed mem_cgroup's memory.
public struct StatsSlot: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: Int

    init(_ index: Int) { self.index = index }

    public static func < (lhs: StatsSlot, rhs: StatsSlot) -> Bool { lhs.index < rhs.index }

    public var description: String { "stats#\(index)" }
}
