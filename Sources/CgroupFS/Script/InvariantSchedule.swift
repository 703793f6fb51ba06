/// When `--check-invariants` checks the whole model.
///
/// A full check costs time in proportion to the model's size, so checking
/// after every line makes a long script quadratic. `.scaled` checks after
/// the first line, then whenever the lines run since the last check reach
/// K = max(1, cgroups / 8) (cgroups live and dying, counted after the
/// line), and after the last line: the total cost grows with the script's
/// length, not its square. A failure names the line after which the check
/// ran; the break happened at or before it, after the previous check.
package enum InvariantSchedule: Sendable, Equatable {
    case never
    case everyLine
    case scaled

    /// Cgroups per line of spacing under `.scaled`.
    package static let cgroupsPerLine = 8

    func isDue(linesSinceCheck: Int, modelSize: Int, isLast: Bool) -> Bool {
        switch self {
        case .never: return false
        case .everyLine: return true
        case .scaled: return isLast || linesSinceCheck >= max(1, modelSize / Self.cgroupsPerLine)
        }
    }
}
