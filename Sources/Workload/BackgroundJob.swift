package import Memcg

/// A task's action running while the script goes on (`run --nowait`),
/// numbered as a shell numbers its jobs.
///
/// The action proceeds as kernel events on the task's CPU: each event does
/// a unit, then the task sleeps what it cost and goes on, so it
/// interleaves with the script's own commands (whatever advances the
/// clock: `advance`, `step`, `settle`, `wait`, other actions) and with
/// everything else the kernel runs.
package final class BackgroundJob {
    /// Where the job is in its life.
    package enum State: Equatable {
        case running
        /// Every unit was done.
        case finished
        /// A unit failed (the OOM killer chose the task, a file vanished...):
        /// the units before it stay done.
        case failed(MemcgError)
        /// The task was killed (`kill PID`) before its action ended.
        case killed
    }

    /// The job's number, 1 for the first `run --nowait` of a system.
    package let number: Int
    package let task: SimTask
    /// Whether the task stays when its action ends (`run --keep`).
    package let keep: Bool
    let steps: ActionSteps
    /// The next unit to do.
    var nextUnit = 0
    package internal(set) var state: State = .running

    init(number: Int, task: SimTask, keep: Bool, steps: ActionSteps) {
        self.number = number
        self.task = task
        self.keep = keep
        self.steps = steps
    }

    package var isRunning: Bool { state == .running }
}
