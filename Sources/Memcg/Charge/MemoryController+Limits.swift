extension MemoryController {
    /// Writes `memory.max` (pages). If usage is above the new limit the
    /// stocks are drained and reclaim is asked for the excess; what it
    /// cannot free stays charged and counts an `oom` event (the model has no
    /// OOM killer).
    public func setMax(_ memcg: MemCgroup, pages: Int) {
        memcg.memory.max = pages
        guard memcg.memory.usage > pages else { return }
        drainStocks(caching: memcg)
        if memcg.memory.usage > pages {
            _ = chargeFailureReclaim?(memcg, memcg.memory.usage - pages)
        }
        if memcg.memory.usage > pages { memoryEvent(memcg, .oom) }
    }

    /// Writes `memory.high` (pages) and asks reclaim for any excess.
    public func setHigh(_ memcg: MemCgroup, pages: Int) {
        memcg.memory.high = pages
        if memcg.memory.usage > pages {
            _ = chargeFailureReclaim?(memcg, memcg.memory.usage - pages)
        }
    }
}
