extension MemoryController {
    /// Writes `memory.max` (pages). Usage above the new limit is brought
    /// down as `memory_max_write` does: drain the stocks, reclaim (up to
    /// MAX_RECLAIM_RETRIES passes that free nothing), then OOM-kill until
    /// usage fits or no task is left to kill (Reclaim/MemoryController+LimitWrites.swift).
    public func setMax(_ memcg: MemCgroup, pages: Int) {
        memcg.memory.max = pages
        shrinkToMax(memcg)
    }

    /// Writes `memory.high` (pages) and reclaims any excess at once, as
    /// `memory_high_write` does.
    public func setHigh(_ memcg: MemCgroup, pages: Int) {
        memcg.memory.high = pages
        shrinkToHigh(memcg)
    }
}
