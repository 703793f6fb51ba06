package import Memcg
import KernelSim

// `run --nowait`: actions that proceed as kernel events while the script
// goes on, and `wait` for them.

extension TaskTable {
    /// Starts `steps` as `task` in the background; the first units run
    /// when the kernel next runs its events. With `keep` false the task
    /// exits when its action ends.
    package func start(_ steps: ActionSteps, as task: SimTask, keep: Bool) -> BackgroundJob {
        let job = BackgroundJob(number: nextJobNumber, task: task, keep: keep, steps: steps)
        nextJobNumber += 1
        jobs.append(job)
        controller.kernel.schedule(on: task.cpu, "task_action") { [unowned self] in self.proceed(job) }
        return job
    }

    /// The job numbered `number`, not yet waited for.
    package func job(_ number: Int) throws(MemcgError) -> BackgroundJob {
        guard let job = jobs.first(where: { $0.number == number }) else {
            throw MemcgError(.ECHILD, "no job %\(number)" + (jobs.isEmpty ? "" : "; jobs: " + jobs.map { "%\($0.number)" }.joined(separator: " ")))
        }
        return job
    }

    /// The job of the task `pid`, not yet waited for.
    package func job(pid: Int) throws(MemcgError) -> BackgroundJob {
        guard let job = jobs.first(where: { $0.task.pid == pid }) else {
            throw MemcgError(.ECHILD, "pid \(pid) is not a job of this script (run --nowait) or was waited for")
        }
        return job
    }

    /// Runs the kernel's events until every job in `waited` has ended,
    /// then forgets them. Throws the error of the first that failed, in
    /// job order (a killed job is no error: the script killed it).
    package func wait(for waited: [BackgroundJob]) throws(MemcgError) {
        let kernel = controller.kernel
        while waited.contains(where: \.isRunning) {
            // A running job always has an event pending: its next step.
            guard kernel.step() else { break }
        }
        jobs.removeAll { job in waited.contains { $0 === job } }
        for job in waited {
            if case .failed(let error) = job.state { throw error }
        }
    }

    /// One step of a job: the next unit (and the free ones after it, such
    /// as threads, until one costs time), then the task's return to user
    /// space, and the next step after the time it owes. A unit an event
    /// keeps what the script sees at any instant exact: the units begun by
    /// then are done, the others are not.
    private func proceed(_ job: BackgroundJob) {
        let task = job.task
        guard !task.hasExited else {
            job.state = task.oomKilled ? .failed(MemcgError(.ENOMEM, "killed by the OOM killer while it ran")) : .killed
            return
        }
        let kernel = controller.kernel
        let savedTask = current
        current = task
        kernel.currentCPU = task.cpu
        controller.pagesOverHigh = 0
        var failure: MemcgError?
        do {
            repeat {
                try job.steps.unit(job.nextUnit)
                job.nextUnit += 1
            } while job.nextUnit < job.steps.count && task.owedTime == .zero && controller.pages.owedTime == .zero
                && !owesPastNextEvent(task)
        } catch {
            failure = error
        }
        current = savedTask
        let owed = returnToUser(task)
        let outcome: BackgroundJob.State
        if let failure {
            outcome = .failed(failure)
        } else if task.hasExited {
            outcome = task.oomKilled ? .failed(MemcgError(.ENOMEM, "killed by the OOM killer while it ran")) : .killed
        } else if job.nextUnit == job.steps.count {
            outcome = .finished
        } else {
            kernel.schedule(after: owed, on: task.cpu, "task_action") { [unowned self] in self.proceed(job) }
            return
        }
        // The action is over: the task sleeps off its time, then exits
        // unless kept. The job runs until then.
        kernel.schedule(after: owed, on: task.cpu, "task_exit") { [unowned self] in
            if !job.keep { self.exit(task) }
            job.state = outcome
        }
    }
}
