/// Where a shrinker's deferred scan work (`nr_deferred`) is kept: the part
/// of the shrinker registry that differs between the designs of the
/// `shrinkerDeferred` knob. `GlobalDeferredCounts` (before 5.13) and
/// `PerMemcgDeferredCounts` (5.13 on) implement it; the registry holds the
/// chosen type from when it is built.
protocol ShrinkerDeferredCounts {
    /// The deferred count a call for `memcg` on node index `n` uses.
    static func count(_ registry: ShrinkerRegistry, _ shrinker: Shrinker, node n: Int, memcg: MemCgroup) -> Int

    /// `xchg_nr_deferred()`: takes all deferred work.
    static func take(_ registry: ShrinkerRegistry, _ shrinker: Shrinker, _ sc: ShrinkControl) -> Int

    /// `add_nr_deferred()` of a positive amount.
    static func add(_ registry: ShrinkerRegistry, _ amount: Int, _ shrinker: Shrinker, _ sc: ShrinkControl)

    /// `reparent_shrinker_deferred()` at offline.
    static func reparent(_ registry: ShrinkerRegistry, _ memcg: MemCgroup)
}

/// Before 5.13: one deferred count per shrinker and node, shared by every
/// memcg.
enum GlobalDeferredCounts: ShrinkerDeferredCounts {
    static func count(_ registry: ShrinkerRegistry, _ shrinker: Shrinker, node n: Int, memcg: MemCgroup) -> Int {
        shrinker.deferred(node: n)
    }

    static func take(_ registry: ShrinkerRegistry, _ shrinker: Shrinker, _ sc: ShrinkControl) -> Int {
        defer { shrinker.nrDeferred[sc.node] = 0 }
        return shrinker.nrDeferred[sc.node]
    }

    static func add(_ registry: ShrinkerRegistry, _ amount: Int, _ shrinker: Shrinker, _ sc: ShrinkControl) {
        shrinker.nrDeferred[sc.node] += amount
    }

    /// Nothing is kept per memcg.
    static func reparent(_ registry: ShrinkerRegistry, _ memcg: MemCgroup) {}
}
