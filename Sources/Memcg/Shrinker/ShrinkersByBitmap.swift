/// 4.19 and later (Kirill Tkhai's "Improve shrink_slab() scalability"):
/// memcg reclaim calls only the shrinkers whose bit is set in the memcg's
/// per-node bitmap, which list_lrus set when a list goes from empty to
/// non-empty, and clears a bit whose shrinker reports nothing.
enum ShrinkersByBitmap: ShrinkerSelection {
    static var recordsBits: Bool { true }

    static func shrink(_ registry: ShrinkerRegistry, memcg: MemCgroup, node: Int, priority: Int) -> Int {
        var freed = 0
        for id in registry.setBits(memcg, node: node) {
            guard let shrinker = registry.shrinker(id: id) else {
                memcg.shrinkerInfo[node].clear(id)
                registry.statistics.bitsCleared += 1
                continue
            }
            if let done = registry.doShrinkSlab(shrinker, memcg: memcg, node: node, priority: priority) {
                freed += done
                continue
            }
            // Nothing there: clear the bit, then look once more in case
            // an object arrived in between, and set it again if so.
            memcg.shrinkerInfo[node].clear(id)
            registry.statistics.bitsCleared += 1
            if let done = registry.doShrinkSlab(shrinker, memcg: memcg, node: node, priority: priority) {
                registry.setBit(memcg, node: node, shrinkerID: id)
                freed += done
            }
        }
        return freed
    }
}
