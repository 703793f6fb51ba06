package import KernelSim

/// What the offline of pages did since boot, machine-wide: the figures
/// seed 003's designs are compared by.
package struct PageOfflineStatistics: Sendable, Equatable {
    /// Pages moved (with their charges) from a dying memcg to an ancestor.
    package var reparentedPages = 0
    /// Passes of a reparenting loop (3.18's offline, the RFC's css_free),
    /// all memcgs together, and the most one memcg needed.
    package var loopIterations = 0
    package var maxLoopIterations = 0
    /// Loops stopped at `PageLRU.offlineLoopBound` with charges left: the
    /// kernel would have gone round for ever.
    package var loopsAbandoned = 0
    /// Pages on lists no reclaim from the root reaches, now and at most.
    package var awolPages = 0
    package var awolPagesMax = 0
    /// Pages that became AWOL (put on an unreachable lruvec), ever.
    package var awolArrivals = 0
    /// Pages a putback or batch drain sent to a live ancestor's lruvec
    /// instead of their offline memcg's.
    package var redirectedPages = 0
    /// Lists spliced whole into a parent's (objcg), the critical sections
    /// that held objcg_lock and the nested lruvec locks (one per offline,
    /// every node at once), and the longest of them.
    var listSplices = 0
    package var lruvecLockSections = 0
    package var lruvecLockMaxHold = VirtualDuration.zero
    /// Page-to-lruvec lookups that raced with an objcg splice: each waited
    /// for the section's locks, found the objcg retargeted and retried with
    /// the parent's lruvec (`folio_lruvec_lock`); the waits, summed and
    /// longest.
    package var lookupRetries = 0
    var lookupRetryWait = VirtualDuration.zero
    package var lookupRetryWaitMax = VirtualDuration.zero
    /// The page step of offline (after the other offline work), summed
    /// and longest.
    package var offlineStepTime = VirtualDuration.zero
    package var offlineStepMax = VirtualDuration.zero
    /// Memcgs whose page step finished.
    package var offlinedMemcgs = 0
}
