/// A statistics scheme's hot update, reached by a switch over the
/// concrete scheme types instead of through the `StatisticsScheme`
/// existential: each case calls its final class's `update` directly, so
/// the update inlines into the page and charge paths, with no witness
/// table call and no reference counting of the scheme.
///
/// `MemcgStats` takes it from its scheme once (`StatisticsScheme.updatePath`)
/// and keeps the scheme itself alive (`mechanism`), so the unmanaged
/// references stay valid for as long as the statistics exist.
enum StatisticsUpdatePath {
    case readTimeSum(Unmanaged<ReadTimeSum>)
    case localBatch(Unmanaged<LocalBatch>)
    case thresholdSpill(Unmanaged<ThresholdSpill>)
    case thresholdSpillDoubleFlush(Unmanaged<ThresholdSpillDoubleFlush>)
    case rstat(Unmanaged<Rstat>)

    /// `StatisticsScheme.update` of the scheme this path names.
    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int) {
        switch self {
        case .readTimeSum(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu)
            }
        case .localBatch(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu)
            }
        case .thresholdSpill(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu)
            }
        case .thresholdSpillDoubleFlush(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu)
            }
        case .rstat(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu)
            }
        }
    }

    /// `StatisticsScheme.update(times:)` of the scheme this path names.
    @inline(__always)
    func update(_ stats: MemcgStats, _ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, cpu: Int,
                times: Int) {
        switch self {
        case .readTimeSum(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu,
                          times: times)
            }
        case .localBatch(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu,
                          times: times)
            }
        case .thresholdSpill(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu,
                          times: times)
            }
        case .thresholdSpillDoubleFlush(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu,
                          times: times)
            }
        case .rstat(let scheme):
            scheme._withUnsafeGuaranteedRef {
                $0.update(stats, s, base: base, column: column, nodeColumn: nodeColumn, delta: delta, cpu: cpu,
                          times: times)
            }
        }
    }
}
