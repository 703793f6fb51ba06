/// A shrinker (`struct shrinker`): a subsystem's hooks that tell reclaim
/// how many objects it could free and free some of them.
///
/// `count` answers how many objects are freeable for the node and memcg of
/// the control, or nil for none at all (SHRINK_EMPTY, which lets memcg
/// reclaim clear the shrinker's bit). `scan` frees up to `nrToScan`
/// objects and returns how many it freed, or nil to stop (SHRINK_STOP).
package final class Shrinker {
    package let name: String
    package let flags: ShrinkerFlags
    /// Cost of recreating an object, relative to a page: DEFAULT_SEEKS is
    /// 2; 0 means objects are free to recreate (scan half of them).
    let seeks: Int
    /// Objects per `scan` call; 0 means SHRINK_BATCH (128).
    package let batch: Int
    /// The ID in `shrinker_idr` (memcg-aware shrinkers, once registered).
    @exclusivity(unchecked) package internal(set) var id: Int?
    @exclusivity(unchecked) var isRegistered = false
    @exclusivity(unchecked) package internal(set) var statistics = ShrinkerStatistics()

    let countObjects: (ShrinkControl) -> Int?
    let scanObjects: (inout ShrinkControl) -> Int?
    /// `nr_deferred`, per node: scan work postponed to the next call, for
    /// global reclaim and, before 5.13, for every memcg.
    @exclusivity(unchecked) var nrDeferred: [Int] = []

    static let defaultSeeks = 2
    static let defaultBatch = 128

    package init(name: String, flags: ShrinkerFlags, seeks: Int = Shrinker.defaultSeeks, batch: Int = 0,
                count: @escaping (ShrinkControl) -> Int?, scan: @escaping (inout ShrinkControl) -> Int?) {
        precondition(seeks >= 0 && batch >= 0, "shrinker \(name): seeks and batch must not be negative")
        self.name = name
        self.flags = flags
        self.seeks = seeks
        self.batch = batch
        self.countObjects = count
        self.scanObjects = scan
    }

    var isMemcgAware: Bool { flags.contains(.memcgAware) }

    /// The deferred scan count kept in the shrinker itself for `node`.
    func deferred(node: Int) -> Int {
        let n = flags.contains(.numaAware) ? node : 0
        return n < nrDeferred.count ? nrDeferred[n] : 0
    }
}
