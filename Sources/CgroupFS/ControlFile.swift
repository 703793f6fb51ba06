/// A cgroup v2 control file that the model implements.
enum ControlFile: String, CaseIterable, Sendable {
    case cgroupProcs = "cgroup.procs"
    case cgroupStat = "cgroup.stat"
    case cgroupSubtreeControl = "cgroup.subtree_control"
    case cgroupControllers = "cgroup.controllers"
    case memoryCurrent = "memory.current"
    case memoryPeak = "memory.peak"
    case memoryMax = "memory.max"
    case memoryHigh = "memory.high"
    case memoryEvents = "memory.events"
    case memoryEventsLocal = "memory.events.local"
    case memoryStat = "memory.stat"
    case memoryNumaStat = "memory.numa_stat"

    /// Whether the root cgroup has this file. The memory controller's
    /// usage and limit files are absent on the root (CFTYPE_NOT_ON_ROOT).
    var existsOnRoot: Bool {
        switch self {
        case .cgroupProcs, .cgroupStat, .cgroupSubtreeControl, .cgroupControllers, .memoryStat, .memoryNumaStat:
            return true
        case .memoryCurrent, .memoryPeak, .memoryMax, .memoryHigh, .memoryEvents, .memoryEventsLocal:
            return false
        }
    }

    /// Whether a write is accepted at all (the others are mode 0444).
    var isWritable: Bool {
        switch self {
        case .cgroupProcs, .cgroupSubtreeControl, .memoryMax, .memoryHigh:
            return true
        default:
            return false
        }
    }
}
