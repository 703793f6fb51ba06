/// The events counted in `memory.events` and `memory.events.local`.
public enum MemoryEvent: Int, CaseIterable, Sendable {
    case low, high, max, oom, oomKill, oomGroupKill

    /// The key in the control file.
    public var key: String {
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
