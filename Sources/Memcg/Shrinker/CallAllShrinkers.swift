/// Before 4.19: memcg reclaim calls every memcg-aware shrinker for every
/// memcg, whether it has objects there or not.
enum CallAllShrinkers: ShrinkerSelection {
    static var recordsBits: Bool { false }

    static func shrink(_ registry: ShrinkerRegistry, memcg: MemCgroup, node: Int, priority: Int) -> Int {
        var freed = 0
        for shrinker in registry.registered where shrinker.isMemcgAware {
            freed += registry.doShrinkSlab(shrinker, memcg: memcg, node: node, priority: priority) ?? 0
        }
        return freed
    }
}
