/// The kernel's `SHRINKER_*` flags that decide how a shrinker is called.
package struct ShrinkerFlags: OptionSet, Hashable, Sendable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `SHRINKER_NUMA_AWARE`: called per node; otherwise always with node 0.
    package static let numaAware = ShrinkerFlags(rawValue: 1 << 0)
    /// `SHRINKER_MEMCG_AWARE`: called per memcg, gets an ID and a bit in
    /// each memcg's bitmap; otherwise called only for the root.
    package static let memcgAware = ShrinkerFlags(rawValue: 1 << 1)
}
