/// Every CPU's charge stock (`memcg_stock`, one `memcg_stock_pcp` per CPU).
///
/// Flat storage owned by the controller, so that the charge on every page
/// fault reaches its CPU's stock with one memory access: no copy-on-write
/// check of an array, and no generic accessor of another module (when
/// `PerCPU` was KernelSim's, its unspecialised subscript took a
/// generic-metadata lookup and a malloc on every charge).
struct ChargeStocks: ~Copyable {
    private var storage: UnsafeGrowableBuffer<ChargeStock>

    init(cpus: Int) {
        precondition(cpus > 0)
        storage = UnsafeGrowableBuffer(capacity: cpus)
        for _ in 0..<cpus { storage.append(ChargeStock()) }
    }

    var count: Int { storage.count }

    subscript(cpu: Int) -> ChargeStock {
        @inline(__always) _read {
            precondition(cpu >= 0 && cpu < storage.count, "CPU \(cpu) has no charge stock")
            yield storage[cpu]
        }
        @inline(__always) _modify {
            precondition(cpu >= 0 && cpu < storage.count, "CPU \(cpu) has no charge stock")
            yield &storage[cpu]
        }
    }

    /// The stocks, copied out (for reports and invariants).
    var slots: [ChargeStock] { storage.elements }
}
