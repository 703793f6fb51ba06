/// Storage with one slot per virtual CPU, like a kernel `DEFINE_PER_CPU` area:
/// the charge stocks and the objcg stocks.
///
/// The engine owns which CPU is "current"; a layer that keeps per-CPU state
/// indexes this with `kernel.currentCPU`.
///
/// It lives in the module that uses it so that every access is specialized
/// for its `Value`. From another module (a `package` declaration's body is
/// not available to inline) each access was an unspecialized call that
/// looked `Array<Value>`'s metadata up in the runtime's cache: several
/// hundred instructions per charge and uncharge, their number varying with
/// where the binary's metadata happened to hash.
struct PerCPU<Value> {
    private(set) var slots: [Value]

    init(cpus: Int, initial: Value) {
        precondition(cpus > 0)
        slots = Array(repeating: initial, count: cpus)
    }

    var count: Int { slots.count }

    subscript(cpu: Int) -> Value {
        get { slots[cpu] }
        _modify { yield &slots[cpu] }
        set { slots[cpu] = newValue }
    }
}
