/// Where a scenario records a point of a time series: `points` evenly
/// spaced counts out of `total` (the last one always included), so that a
/// chart of a long run has a bounded number of points.
struct SeriesCheckpoints {
    private let step: Int
    private let total: Int

    init(total: Int, points: Int) {
        self.total = total
        step = points <= 0 || total <= 0 ? 0 : max(1, (total + points - 1) / points)
    }

    /// Whether the count `done` (1-based) gets a point.
    func isCheckpoint(_ done: Int) -> Bool {
        step > 0 && (done % step == 0 || done == total)
    }
}
