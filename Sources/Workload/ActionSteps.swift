import Memcg

/// The work of one action as units a task does one after another: a page
/// faulted, a slab object allocated, a thread started, a file unlinked.
///
/// Each unit adds its cost to the time the task owes (the cost model's
/// `page_fault` per page, `slab_object` per object). The task pays that
/// time as it goes, so the kernel's other work (offline steps, per-memcg
/// cache creation, kswapd, statistics flushes, other tasks' actions) runs
/// between its units when it falls due, as it would on other CPUs or
/// between the task's own faults. `TaskTable.perform(_:as:)` runs the
/// units to the end (a script's `run`); `TaskTable.start(_:as:keep:)`
/// runs them as kernel events while the script goes on (`run --nowait`).
package struct ActionSteps {
    /// How many units the action does.
    package let count: Int
    /// Does unit `index` (0 ..< count) as the running task. The task
    /// table's units capture it `unowned(unsafe)`: only the table runs
    /// them, so it is alive whenever they run, and a checked reference
    /// would cost an atomic retain and release on every page.
    let unit: (Int) throws(MemcgError) -> Void

    init(count: Int, unit: @escaping (Int) throws(MemcgError) -> Void) {
        self.count = count
        self.unit = unit
    }

    /// One unit that does `body`.
    static func once(_ body: @escaping () throws(MemcgError) -> Void) -> ActionSteps {
        ActionSteps(count: 1) { _ throws(MemcgError) in try body() }
    }
}
