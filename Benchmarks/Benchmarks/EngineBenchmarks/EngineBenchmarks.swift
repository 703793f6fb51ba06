import Benchmark
import KernelSim

// Micro-benchmarks of the KernelSim engine: the event loop, RCU callbacks
// and the simulation's random generator. Where a benchmark sets a
// `scalingFactor`, one iteration does that many operations: the figures
// marked `*` in the report (time, mallocs) then read per operation and the
// throughput in operations per second. See ../../README.md.

/// Callbacks queued per iteration of the RCU benchmark.
let rcuCallbacksPerIteration = 100_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .nanoseconds,
        warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    // One iteration schedules 1M no-op events at the current instant (so
    // they run in insertion order, the heap's (time, sequence) tie-break)
    // and then drains them. With `.mega` the throughput reads in events/s.
    Benchmark(
        "engine: schedule+run empty events",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        let kernel = Kernel()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            kernel.schedule("bench.empty") {}
        }
        kernel.runUntilIdle()
        benchmark.stopMeasurement()
        precondition(kernel.trace.eventsRun == UInt64(benchmark.scaledIterations.count))
        blackHole(kernel.trace.hash)
    }

    // The same with each event at a pseudo-random delay in [0, 1ms), so the
    // queue works as a real priority queue rather than a FIFO. The delays
    // are drawn before the measurement starts.
    Benchmark(
        "engine: schedule+run timed events",
        configuration: .init(scalingFactor: .mega)
    ) { (benchmark: Benchmark, delays: [VirtualDuration]) in
        let kernel = Kernel()
        benchmark.startMeasurement()
        for delay in delays {
            kernel.schedule(after: delay, "bench.timed") {}
        }
        kernel.runUntilIdle()
        benchmark.stopMeasurement()
        precondition(kernel.trace.eventsRun == UInt64(delays.count))
        blackHole(kernel.trace.hash)
    } setup: {
        var random = SimRandom(seed: 7)
        return (0..<BenchmarkScalingFactor.mega.rawValue).map { _ in
            VirtualDuration.nanoseconds(random.uniform(below: 1_000_000))
        }
    }

    // One iteration queues 100k call_rcu callbacks, which one grace period
    // serves, then runs until idle (gp_start, gp_end and 100k callback
    // events). Not scaled: the wall clock reads per 100k callbacks and the
    // throughput in iterations/s (callbacks/s = 100_000 x throughput).
    Benchmark(
        "engine: RCU callbacks (100k per iteration)",
        configuration: .init(timeUnits: .microseconds, scalingFactor: .one)
    ) { benchmark in
        let kernel = Kernel()
        benchmark.startMeasurement()
        for _ in 0..<rcuCallbacksPerIteration {
            kernel.callRCU {}
        }
        kernel.runUntilIdle()
        benchmark.stopMeasurement()
        precondition(kernel.rcuStatistics.callbacksRun == UInt64(rcuCallbacksPerIteration))
        blackHole(kernel.trace.hash)
    }

    // 1M draws of xoshiro256** per iteration; throughput reads in draws/s.
    Benchmark(
        "engine: SimRandom.next",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        var random = SimRandom(seed: 42)
        var sink: UInt64 = 0
        for _ in benchmark.scaledIterations {
            sink ^= random.next()
        }
        blackHole(sink)
    }
}
