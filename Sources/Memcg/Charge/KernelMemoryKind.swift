/// What a kernel-memory byte charge is for, which decides the statistic it lands in.
package enum KernelMemoryKind: Int, CaseIterable, Sendable {
    case slab, percpu, kernelStack

    /// Bytes per kind, stored inline in each memcg; its size must be the
    /// number of cases (a test checks).
    package typealias Bytes = InlineArray<3, Int>

    /// The memory.stat item the bytes count in.
    var statItem: MemcgStatItem {
        switch self {
        case .slab: return .slabUnreclaimable
        case .percpu: return .percpu
        case .kernelStack: return .kernelStack
        }
    }

    /// The change in the item's unit: bytes, or pages for kernel stacks
    /// (which only ever move in whole stacks of whole pages).
    func statDelta(_ bytes: Int) -> Int {
        self == .kernelStack ? bytes / PageSize.bytes : bytes
    }
}
