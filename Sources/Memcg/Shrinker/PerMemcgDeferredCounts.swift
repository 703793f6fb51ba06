/// 5.13 and later (Yang Shi's "Make shrinker's nr_deferred memcg aware"):
/// a memcg-aware shrinker's deferred counts are kept per memcg and node
/// beside its bitmap, and added to the parent's at offline; other
/// shrinkers keep theirs as before.
enum PerMemcgDeferredCounts: ShrinkerDeferredCounts {
    private static func usesMemcgCounts(_ shrinker: Shrinker) -> Bool {
        shrinker.isMemcgAware && shrinker.id != nil
    }

    static func count(_ registry: ShrinkerRegistry, _ shrinker: Shrinker, node n: Int, memcg: MemCgroup) -> Int {
        guard usesMemcgCounts(shrinker) else { return GlobalDeferredCounts.count(registry, shrinker, node: n, memcg: memcg) }
        guard let id = shrinker.id, n < memcg.shrinkerInfo.count else { return 0 }
        return memcg.shrinkerInfo[n].deferred[id] ?? 0
    }

    static func take(_ registry: ShrinkerRegistry, _ shrinker: Shrinker, _ sc: ShrinkControl) -> Int {
        guard usesMemcgCounts(shrinker), let id = shrinker.id else { return GlobalDeferredCounts.take(registry, shrinker, sc) }
        guard sc.node < sc.memcg.shrinkerInfo.count else { return 0 }
        return sc.memcg.shrinkerInfo[sc.node].deferred.removeValue(forKey: id) ?? 0
    }

    static func add(_ registry: ShrinkerRegistry, _ amount: Int, _ shrinker: Shrinker, _ sc: ShrinkControl) {
        guard usesMemcgCounts(shrinker), let id = shrinker.id else {
            GlobalDeferredCounts.add(registry, amount, shrinker, sc)
            return
        }
        registry.ensureInfo(sc.memcg)
        sc.memcg.shrinkerInfo[sc.node].deferred[id, default: 0] += amount
    }

    /// The memcg's deferred work is added to its parent's.
    static func reparent(_ registry: ShrinkerRegistry, _ memcg: MemCgroup) {
        guard let parent = memcg.parent, !memcg.shrinkerInfo.isEmpty else { return }
        for node in 0..<memcg.shrinkerInfo.count where !memcg.shrinkerInfo[node].deferred.isEmpty {
            registry.ensureInfo(parent)
            for (id, amount) in memcg.shrinkerInfo[node].deferred {
                parent.shrinkerInfo[node].deferred[id, default: 0] += amount
                registry.statistics.reparentedDeferred += amount
            }
            memcg.shrinkerInfo[node].deferred = [:]
        }
    }
}
