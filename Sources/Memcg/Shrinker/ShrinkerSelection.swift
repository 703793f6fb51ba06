/// Which shrinkers `shrink_slab()` calls for a memcg other than the root:
/// the part of the shrinker registry that differs between the designs of
/// the `shrinkerBitmap` knob. `CallAllShrinkers` (before 4.19) and
/// `ShrinkersByBitmap` (4.19 on) implement it; the registry holds the
/// chosen type from when it is built.
protocol ShrinkerSelection {
    /// Whether list_lrus record in a per-memcg, per-node bitmap which
    /// shrinkers may have objects (`set_shrinker_bit()`).
    static var recordsBits: Bool { get }

    /// `shrink_slab()` for an online memcg that is not the root. Returns
    /// the objects freed.
    static func shrink(_ registry: ShrinkerRegistry, memcg: MemCgroup, node: Int, priority: Int) -> Int
}
