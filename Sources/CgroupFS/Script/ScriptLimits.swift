import KernelSim

/// The ranges of the numbers a script gives, checked when it is parsed so
/// that a typo is a syntax error (exit 2, nothing run) rather than an hour
/// of simulation or an exhausted host. Action arguments have their own
/// ranges (`WorkloadAction`).
package enum ScriptLimits {
    /// `step N`: 1...1,000,000,000 events (and it stops when nothing is pending).
    package static let steps: ClosedRange<Int> = 1...1_000_000_000
    /// `advance D`: at most 100 years of virtual time at once.
    static let maxAdvance = VirtualDuration.seconds(3_155_760_000)
    /// The virtual clock's end: 2^62 ns, about 146 years after boot. An
    /// `advance` past it fails (EINVAL) instead of wrapping the 64-bit clock.
    static let clockEnd = VirtualTime(nanoseconds: 1 << 62)
    /// `kill PID` and pids in general: 1...2^31-1, as pid_t.
    package static let pids: ClosedRange<Int> = 1...Int(Int32.max)
}
