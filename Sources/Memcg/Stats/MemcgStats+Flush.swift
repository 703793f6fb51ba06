/// Flushing: how per-CPU counters reach the totals outside the hot path.
extension MemcgStats {
    /// An explicit full flush, as the scheme does it: rstat drains every
    /// CPU's updated tree (`cgroup_rstat_flush` on the root); the other
    /// schemes have nothing to flush from here (their per-CPU remainders
    /// can only be folded safely by the owning CPU or at free; reading and
    /// zeroing them from another CPU is the race `RemotePerCPUFlush` models).
    public func flushAll() {
        mechanism.flushAll(self)
    }

    /// What a reader does first under the scheme (rstat: flush once past
    /// `stats_flush_threshold`, batch x CPUs pending updates).
    func flushIfPastThreshold() {
        mechanism.flushBeforeRead(self)
    }

    /// What the scheme promises about a cgroup's reported value of a state
    /// item, in pages, given the cgroups not yet freed in its subtree; nil
    /// for no promise.
    package func errorBound(subtreeCgroups: Int) -> Int? {
        mechanism.errorBound(subtreeCgroups: subtreeCgroups, batch: batch, cpus: cpus)
    }

    /// Whether a full flush leaves every reported value of the root exact
    /// once everything is torn down.
    package var flushIsExact: Bool { mechanism.flushIsExact }
}
