/// Storage with one slot per virtual CPU, like a kernel `DEFINE_PER_CPU` area.
///
/// The engine owns which CPU is "current"; a layer that keeps per-CPU state
/// indexes this with `kernel.currentCPU`.
package struct PerCPU<Value> {
    package private(set) var slots: [Value]

    package init(cpus: Int, initial: Value) {
        precondition(cpus > 0)
        slots = Array(repeating: initial, count: cpus)
    }

    package var count: Int { slots.count }

    package subscript(cpu: Int) -> Value {
        get { slots[cpu] }
        _modify { yield &slots[cpu] }
        set { slots[cpu] = newValue }
    }
}

extension PerCPU: Sendable where Value: Sendable {}
extension PerCPU: Equatable where Value: Equatable {}
