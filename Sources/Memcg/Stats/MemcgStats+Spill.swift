/// Storage operations the batching schemes share: a per-CPU counter that
/// spills past the batch, and folding per-CPU remainders into the totals.
/// `up` says whether a total is hierarchical (added to the cgroup and every
/// ancestor, 5.2 on) or the cgroup's own (4.15-5.1).
extension MemcgStats {
    /// Stores `value` in the per-CPU counter, or, once its magnitude passes
    /// the column's threshold, adds it to the totals and stores zero.
    @inline(__always)
    func spillAdd(_ s: Int, base: Int, column: Int, _ value: Int, up: Bool) {
        var x = value
        let threshold = columnThreshold[column]
        if x > threshold || x < -threshold {
            addToTotals(s, column: column, Int64(x), up: up)
            x = 0
        }
        percpu[base + column] = Int32(x)
    }

    /// An update under a batching scheme: `delta` onto the CPU's counters
    /// of the column and, if any, the per-node column.
    @inline(__always)
    func spillUpdate(_ s: Int, base: Int, column: Int, nodeColumn: Int, delta: Int, up: Bool) {
        spillAdd(s, base: base, column: column, Int(percpu[base + column]) + delta, up: up)
        if nodeColumn >= 0 { spillAdd(s, base: base, column: nodeColumn, Int(percpu[base + nodeColumn]) + delta, up: up) }
    }

    /// The store of a split update under a batching scheme: `loaded + delta`.
    func spillStore(_ update: StatUpdateInFlight, base: Int, column: Int, nodeColumn: Int, up: Bool) {
        let s = update.slot.index
        spillAdd(s, base: base, column: column, Int(update.loadedItem) + update.delta, up: up)
        if nodeColumn >= 0 { spillAdd(s, base: base, column: nodeColumn, Int(update.loadedNode) + update.delta, up: up) }
    }

    /// Adds to the totals of `s` and, if `up`, of every ancestor (the atomic
    /// adds of the spill loop).
    func addToTotals(_ s: Int, column: Int, _ value: Int64, up: Bool) {
        guard up else {
            totals[totalsBase(s) + column] += value
            return
        }
        var a = s
        while a >= 0 {
            totals[totalsBase(a) + column] += value
            a = Int(parentOf[a])
        }
    }

    /// Sums every CPU's remainder of every column into the totals and zeroes
    /// it: the free-time fold.
    func foldRemainders(_ s: Int, up: Bool) {
        for col in 0..<columns {
            var sum: Int64 = 0
            for cpu in 0..<cpus {
                let i = percpuBase(s, cpu: cpu) + col
                sum += Int64(percpu[i])
                percpu[i] = 0
            }
            if sum != 0 { addToTotals(s, column: col, sum, up: up) }
        }
    }

    /// Sums every CPU's remainder of one column into the cgroup's and its
    /// ancestors' totals and leaves it in place.
    func addRemainderWithoutZeroing(_ s: Int, column: Int) {
        var sum: Int64 = 0
        for cpu in 0..<cpus { sum += Int64(percpu[percpuBase(s, cpu: cpu) + column]) }
        if sum != 0 { addToTotals(s, column: column, sum, up: true) }
    }

    /// The add step of a remote flush under a batching scheme: the values
    /// the read step loaded go to the totals.
    func addLoaded(_ flush: RemotePerCPUFlush, up: Bool) {
        let s = flush.slot.index
        for col in 0..<columns where flush.loaded[col] != 0 {
            addToTotals(s, column: col, Int64(flush.loaded[col]), up: up)
        }
    }
}
