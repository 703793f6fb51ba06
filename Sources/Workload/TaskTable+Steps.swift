package import Memcg
import KernelSim

// Running an action's units to the end as the task, paying its virtual
// time as it goes so that kernel work due meanwhile runs between units.

extension TaskTable {
    /// Does every unit of `steps` as `task`, stopping at the first error
    /// (what the units did before it stays done). Whenever the time the
    /// task owes would carry it past the next pending kernel event, the
    /// task pays it first: the events due meanwhile run, then the task
    /// goes on. An action that nothing else overlaps therefore ends in the
    /// same state, and at the same time, as one run at once.
    package func perform(_ steps: ActionSteps, as task: SimTask) throws(MemcgError) {
        try onCPU(task) { () throws(MemcgError) in
            for index in 0..<steps.count {
                try steps.unit(index)
                if index + 1 < steps.count { try payIfEventDue(task) }
            }
        }
    }

    /// Whether the time `task` owes reaches the next pending event.
    func owesPastNextEvent(_ task: SimTask) -> Bool {
        let kernel = controller.kernel
        guard let next = kernel.nextEventTime else { return false }
        return next <= kernel.now + task.owedTime + controller.pages.owedTime
    }

    /// Pays the time the task owes when an event falls due within it,
    /// running what falls due as other CPUs and kernel threads would. The
    /// task is not `current` meanwhile, and its count of pages over
    /// memory.high is its own (kernel threads' charges do not add to it).
    /// A task the OOM killer chose meanwhile stops with ENOMEM.
    private func payIfEventDue(_ task: SimTask) throws(MemcgError) {
        guard owesPastNextEvent(task) else { return }
        let kernel = controller.kernel
        let owed = task.owedTime + controller.pages.takeOwedTime()
        task.owedTime = .zero
        let savedTask = current
        let overHigh = controller.pagesOverHigh
        current = nil
        controller.pagesOverHigh = 0
        kernel.advance(by: owed)
        current = savedTask
        controller.pagesOverHigh = overHigh
        if task.hasExited || task.oomKilled {
            throw MemcgError(.ENOMEM, "killed by the OOM killer while it ran")
        }
    }

    /// Adds the cost of one slab object allocated by the task.
    func allocatedObject(_ task: SimTask, count: UInt64 = 1) {
        task.owedTime = task.owedTime + controller.kernel.costs.slabObject * count
    }
}
