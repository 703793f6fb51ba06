/// The events counted in `memory.events` and `memory.events.local`.
package enum MemoryEvent: Int, CaseIterable, Sendable {
    case low, high, max, oom, oomKill, oomGroupKill

    /// One count per event, stored inline in each memcg: heap arrays here
    /// were a third of the allocations of a mkdir. Its size must be the
    /// number of cases (a test checks).
    typealias Counts = InlineArray<6, Int>

    /// The key in the control file.
    package var key: String {
        switch self {
        case .low: return "low"
        case .high: return "high"
        case .max: return "max"
        case .oom: return "oom"
        case .oomKill: return "oom_kill"
        case .oomGroupKill: return "oom_group_kill"
        }
    }
}
