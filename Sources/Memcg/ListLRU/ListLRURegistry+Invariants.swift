// The list_lru contribution to the controller's invariant checker.

extension ListLRURegistry {
    /// - list_lru-links / list_lru-count: every list is well linked, its
    ///   count is exact, node totals add up.
    /// - list_lru-dead-list: no list of a memcg that was reparented or freed
    ///   is still used (lazy: still mapped at all).
    /// - list_lru-ancestors (lazy): a memcg with lists has ancestors with lists.
    /// - shrinker-bitmap: an online memcg with items on a node has the
    ///   shrinker's bit set there.
    /// - list_lru-statistics: the list count matches the lists held.
    package func checkInvariants() -> [ModelViolation] {
        var owners: [Int: MemCgroup] = [:]
        for memcg in controller.allCgroups where !memcg.isRoot && !memcg.listLRUsReparented {
            let key = index.key(of: memcg)
            if key >= 0 { owners[Int(key)] = memcg }
        }
        var broken: [ModelViolation] = []
        var lists = 0
        for lru in all {
            broken += lru.checkInvariants(owners: owners, shrinkers: shrinkers)
            lists += lru.allocatedLists
        }
        if lists != statistics.lists {
            broken.append(ModelViolation("list_lru-statistics", "statistics count \(statistics.lists) lists, list_lrus hold \(lists)"))
        }
        return broken
    }

    /// Once every cgroup but the root is freed and the kernel settled: no
    /// list of a memcg holds items (lazy: none is left at all), and no
    /// freed metadata waits for a grace period.
    package func checkQuiescent() -> [ModelViolation] {
        var broken: [ModelViolation] = []
        for lru in all {
            let left = lru.nonEmptyMemcgLists
            if left > 0 {
                broken.append(ModelViolation("liveness", "list_lru \(lru.name): \(left) memcg lists still hold items"))
            }
            let mapped = lru.mappedMemcgIDs
            if !mapped.isEmpty {
                broken.append(ModelViolation("liveness", "list_lru \(lru.name): lists left for memcg IDs \(mapped.prefix(5).map(String.init).joined(separator: ", "))"))
            }
        }
        if pendingFrees > 0 {
            broken.append(ModelViolation("liveness", "\(pendingFrees) list_lru objects still wait for a grace period"))
        }
        return broken
    }
}
