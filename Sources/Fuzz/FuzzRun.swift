import KernelSim
import CgroupFS
import Memcg
import Workload

/// One seeded randomized run: random operations with invariant checks
/// after every step, then a teardown after which everything must be freed.
public struct FuzzRun {
    public let configuration: FuzzConfiguration

    public init(_ configuration: FuzzConfiguration) {
        self.configuration = configuration
    }

    /// Runs; returns the event-trace digest on success, throws the failure.
    @discardableResult
    public func run() throws(FuzzFailure) -> String {
        var counts = FuzzOperationCounts()
        return try run(counting: &counts)
    }

    /// Runs, adding each operation to `counts` (the random operations and
    /// the teardown's); returns the event-trace digest on success.
    @discardableResult
    package func run(counting counts: inout FuzzOperationCounts) throws(FuzzFailure) -> String {
        let kernelConfiguration = KernelConfiguration(topology: configuration.topology, seed: configuration.seed, costs: configuration.costs)
        let runner = ScriptRunner(configuration: kernelConfiguration, design: configuration.design) { _ in }
        let controller = runner.fs.controller
        configuration.prepare?(controller)
        // The commands as run (a failed one wrapped in expect-error), rendered
        // as a script only if the run fails.
        var log: [ScriptCommand] = []
        var workload = FuzzWorkload(seed: configuration.seed, cpus: configuration.topology.cpus)
        func perform(_ command: ScriptCommand, step: Int) throws(FuzzFailure) {
            // The text is rendered only if the run fails (see `failure`).
            let line = ScriptLine(file: "fuzz", line: step, text: "", command: command)
            do throws(ScriptError) {
                try runner.execute(line)
                log.append(command)
                counts.record(command, succeeded: true)
                workload.record(command, succeeded: true)
            } catch {
                counts.record(command, succeeded: false)
                workload.record(command, succeeded: false)
                // A command that fails is part of the workload: it is kept
                // in the replay with the errno it must fail with.
                guard case .commandFailed(_, _, _, let box) = error else {
                    log.append(command)
                    throw failure(step: step, [ModelViolation("script", error.description)], log)
                }
                log.append(.expectError(errno: box.errno.name, command: command))
            }
        }

        for (point, rate) in configuration.faults {
            try perform(.fault(point: point, rate: rate), step: 0)
        }
        var seenViolations = 0
        for step in 1...max(configuration.operations, 1) where configuration.operations > 0 {
            try perform(workload.next(controller: controller, tasks: runner.fs.tasks), step: step)
            if controller.violations.count != seenViolations {
                throw failure(step: step, Array(controller.violations[seenViolations...]), log)
            }
            seenViolations = controller.violations.count
            if step % configuration.fullCheckInterval == 0 {
                let broken = controller.checkInvariants() + runner.fs.tasks.vfs.checkInvariants()
                if !broken.isEmpty { throw failure(step: step, broken, log) }
            }
        }
        let finalStep = configuration.operations + 1
        let broken = controller.checkInvariants() + runner.fs.tasks.vfs.checkInvariants()
        if !broken.isEmpty { throw failure(step: finalStep, broken, log) }

        // Liveness: faults off, every task exits, every cgroup is removed
        // deepest first, and the kernel settles.
        for (point, _) in configuration.faults { try perform(.fault(point: point, rate: 0), step: finalStep) }
        // Open handles are closed and background jobs run to their end
        // before the kills, so that a job's last units and its exit are
        // checked too.
        for handle in workload.handles { try perform(.close(handle: handle.name), step: finalStep) }
        if !runner.fs.tasks.jobs.isEmpty { try perform(.wait(.all), step: finalStep) }
        for pid in runner.fs.tasks.livePIDs { try perform(.kill(pid: pid), step: finalStep) }
        for sb in runner.fs.tasks.vfs.superblocks.map(\.name) { try perform(.umount(sb), step: finalStep) }
        let doomed = controller.allCgroups.filter { $0.isOnline && !$0.isRoot }.sorted { $0.depth > $1.depth }
        for memcg in doomed { try perform(.rmdir(memcg.path), step: finalStep) }
        try perform(.settle, step: finalStep)
        // A CPU's object stock keeps the last objcg it served (with up to a
        // page pre-charged) until something drains it; drain them, as
        // memory pressure or CPU hotplug would, before asking that
        // everything is gone.
        controller.drainAllStocks()
        runner.kernel.runUntilIdle()
        let remaining = controller.checkInvariants() + controller.checkQuiescent()
        if !remaining.isEmpty { throw failure(step: finalStep, remaining, log) }
        return runner.kernel.trace.digest
    }

    private func failure(step: Int, _ violations: [ModelViolation], _ log: [ScriptCommand]) -> FuzzFailure {
        let lines = ["# memcg fuzz: design \(configuration.designName) seed \(configuration.seed)",
                     "# replay: memcg script \(configuration.replayOptions) --check-invariants FILE"]
            + log.map(\.scriptText)
            + ["# invariant \(violations.first?.rule ?? "?") broken after the line above (step \(step))"]
        let script = lines.joined(separator: "\n") + "\n"
        return FuzzFailure(designName: configuration.designName, seed: configuration.seed, step: step,
                           violations: violations, script: script, replayOptions: configuration.replayOptions)
    }
}
