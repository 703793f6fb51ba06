import CgroupFS
import KernelSim
import Foundation

/// The engine on its own: RCU callbacks and work items from several CPUs,
/// with work items that serialise on a mutex, as the slab teardown paths
/// do. It shows how grace periods batch callbacks and how the workqueue's
/// concurrency limit decides how many workers pile up behind the mutex.
struct EngineRCUScenario: Scenario {
    let name = "engine-rcu"
    let summary = "RCU callbacks and mutex-bound work items under load: grace periods, batching, peak workers"
    var details: String {
        """
        Every CPU queues `callbacks` RCU callbacks spread over `window_ms` of virtual
        time. Each callback bounces to a work item (as kmemcg_deactivate_rcufn does)
        that takes `mutex` for `hold_us` of work. The workqueue runs at most
        `max_active` items at once (0: unbounded, a kworker per blocked item).
        Grace periods serve every callback queued before they start, so the number
        of grace periods stays far below the number of callbacks.
        """
    }
    let parameters: [ScenarioParameter] = [
        ScenarioParameter("callbacks", default: 10_000, range: 1...10_000_000, "RCU callbacks queued per CPU"),
        ScenarioParameter("window_ms", default: 1_000, range: 1...3_600_000, "virtual time over which callbacks are queued"),
        ScenarioParameter("hold_us", default: 10, range: 0...1_000_000, "work done under the mutex per work item"),
        ScenarioParameter("max_active", default: 0, range: 0...65_536, "workqueue concurrency limit; 0 = unbounded"),
    ]
    let metrics: [ScenarioMetric] = [
        ScenarioMetric("grace_periods", "grace periods that ended"),
        ScenarioMetric("callbacks_run", "RCU callbacks run"),
        ScenarioMetric("callbacks_per_grace_period", "callbacks_run / grace_periods"),
        ScenarioMetric("work_items", "work items completed"),
        ScenarioMetric("peak_workers", "most work items running at once"),
        ScenarioMetric("mutex_hold_seconds", "total virtual time the mutex was held"),
        ScenarioMetric("mutex_max_waiters", "most tasks waiting for the mutex at once"),
        ScenarioMetric("virtual_seconds", "virtual time until everything finished"),
        ScenarioMetric("events_run", "engine events executed"),
        ScenarioMetric("wall_seconds", "host time the run took"),
        ScenarioMetric("wall_events_per_second", "engine events per host second"),
    ]

    func estimatedHostBytes(_ context: ScenarioContext) -> UInt64 {
        ModelFootprint.total([(context[parameter: "callbacks"] * context.topology.cpus, 160)])
    }

    func run(_ context: ScenarioContext) throws -> ScenarioMetrics {
        let started = ContinuousClock.now
        let kernel = context.makeKernel()
        let perCPU = context[parameter: "callbacks"]
        let window = UInt64(context[parameter: "window_ms"]) * 1_000_000
        let hold = VirtualDuration.microseconds(UInt64(context[parameter: "hold_us"]))
        let maxActive = context[parameter: "max_active"]
        let wq = kernel.makeWorkqueue("deactivate_wq", maxActive: maxActive == 0 ? nil : maxActive)
        let mutex = kernel.makeMutex("slab_mutex")

        for cpu in 0..<kernel.cpus {
            for _ in 0..<perCPU {
                let at = VirtualDuration(nanoseconds: kernel.random.uniform(below: window))
                kernel.schedule(after: at, on: cpu, "scenario.queue_rcu") {
                    kernel.callRCU {
                        wq.queueAsync("scenario.work") { done in
                            mutex.withLock(owner: "work", holdingFor: { hold }, then: done)
                        }
                    }
                }
            }
        }
        kernel.runUntilIdle()

        let rcu = kernel.rcuStatistics
        var m = ScenarioMetrics()
        m.set("grace_periods", rcu.gracePeriods)
        m.set("callbacks_run", rcu.callbacksRun)
        m.set("callbacks_per_grace_period", rcu.gracePeriods == 0 ? 0 : Double(rcu.callbacksRun) / Double(rcu.gracePeriods))
        m.set("work_items", wq.statistics.completed)
        m.set("peak_workers", wq.statistics.peakActive)
        m.set("mutex_hold_seconds", mutex.statistics.totalHold.seconds)
        m.set("mutex_max_waiters", mutex.statistics.peakWaiters)
        m.set("virtual_seconds", kernel.now.nanoseconds == 0 ? 0 : VirtualDuration(nanoseconds: kernel.now.nanoseconds).seconds)
        m.set("events_run", kernel.trace.eventsRun)
        let wall = (ContinuousClock.now - started).seconds
        m.set("wall_seconds", wall)
        m.set("wall_events_per_second", wall > 0 ? (Double(kernel.trace.eventsRun) / wall).rounded() : 0)
        return m
    }
}

extension Duration {
    /// This duration in seconds, as a Double.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
