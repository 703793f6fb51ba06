public import Memcg

/// How the replay charges and reclaims a cgroup's page cache. The model
/// has no page cache yet, so `ChargedPagesStandIn` charges plain pages that
/// stay until `reclaim` uncharges them; a page-cache model replaces it
/// with pages on LRUs, reclaimed the way the design says.
public protocol PageCacheCharging {
    func charge(_ memcg: MemCgroup, pages: Int) throws(MemcgError)
    /// Drops what `charge` put in `memcg`; returns the pages freed.
    func reclaim(_ memcg: MemCgroup, pages: Int) -> Int
}

/// Page cache as charged pages (what the cgroup-churn scenario leaves
/// behind): they pin the memcg until reclaim uncharges them.
public struct ChargedPagesStandIn: PageCacheCharging {
    public let controller: MemoryController

    public init(controller: MemoryController) {
        self.controller = controller
    }

    public func charge(_ memcg: MemCgroup, pages: Int) throws(MemcgError) {
        guard pages > 0 else { return }
        try controller.chargeAnon(memcg, pages: pages)
    }

    public func reclaim(_ memcg: MemCgroup, pages: Int) -> Int {
        guard pages > 0 else { return 0 }
        controller.unchargeAnon(memcg, pages: pages)
        return pages
    }
}
