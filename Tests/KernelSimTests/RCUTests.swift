import Testing
@testable import KernelSim

@Suite struct RCUTests {
    @Test func oneGracePeriodServesEverythingQueuedBeforeIt() {
        let k = Kernel()
        var ran: [VirtualTime] = []
        for _ in 0..<100 { k.callRCU { ran.append(k.now) } }
        k.runUntilIdle()
        #expect(ran.count == 100)
        #expect(k.rcuStatistics.gracePeriods == 1)
        #expect(ran.allSatisfy { $0 >= VirtualTime.zero + k.costs.gracePeriod })
    }

    @Test func callbacksQueuedDuringAGracePeriodWaitForTheNext() {
        let k = Kernel()
        let gp = k.costs.gracePeriod
        var first: VirtualTime?, second: VirtualTime?
        k.callRCU { first = k.now }
        k.schedule(after: .milliseconds(1), "late") { k.callRCU { second = k.now } }
        k.runUntilIdle()
        #expect(k.rcuStatistics.gracePeriods == 2)
        #expect(first! >= .zero + gp)
        #expect(second! >= .zero + gp + gp)
    }

    @Test func synchronousWaitKeepsTheMutexHeld() {
        let k = Kernel()
        let m = k.makeMutex("cgroup_mutex")
        var done = false
        // Three back-to-back synchronous grace periods under the mutex: the
        // legacy cache deactivation pattern.
        m.lock(owner: "offline") {
            k.synchronizeRCU {
                k.synchronizeRCU {
                    k.synchronizeRCU {
                        m.unlock()
                        done = true
                    }
                }
            }
        }
        k.runUntilIdle()
        #expect(done)
        #expect(m.statistics.maxHold >= k.costs.gracePeriod * 3)
        #expect(k.rcuStatistics.synchronousWaits == 3)
        #expect(k.rcuStatistics.synchronousWaitTime >= k.costs.gracePeriod * 3)
    }

    @Test func barrierWaitsForEveryEarlierCallback() {
        let k = Kernel()
        var log: [String] = []
        k.callRCU { log.append("a") }
        k.schedule(after: .milliseconds(1), "later") {
            k.callRCU { log.append("b") }
            k.rcuBarrier { log.append("barrier") }
        }
        k.runUntilIdle()
        #expect(log == ["a", "b", "barrier"])
    }

    @Test func barrierOnAnIdleHostWithNothingQueuedReturnsAtOnce() {
        var costs = CostModel()
        costs.hostRCUBarrier = .zero
        let k = Kernel(KernelConfiguration(costs: costs))
        var done: VirtualTime?
        k.rcuBarrier { done = k.now }
        k.runUntilIdle()
        #expect(done == .zero)
        #expect(k.rcuStatistics.gracePeriods == 0)
    }

    /// With none of the model's callbacks queued, the barrier waits behind
    /// the host's: `hostRCUBarrier`, without a grace period of the model's.
    @Test func barrierWithNothingOfTheModelsQueuedWaitsForTheHosts() {
        let k = Kernel()
        #expect(k.costs.hostRCUBarrier > .zero)
        var done: VirtualTime?
        k.schedule(after: .milliseconds(3), "later") { k.rcuBarrier { done = k.now } }
        k.runUntilIdle()
        #expect(done == VirtualTime.zero + .milliseconds(3) + k.costs.hostRCUBarrier)
        #expect(k.rcuStatistics.gracePeriods == 0)
        #expect(k.rcuStatistics.barriers == 1)
    }

    /// With the model's callbacks in flight, the barrier waits for them
    /// alone: the host's wait is not added on top.
    @Test func barrierBehindTheModelsCallbacksAddsNoHostWait() {
        let k = Kernel()
        var callback: VirtualTime?, done: VirtualTime?
        k.callRCU { callback = k.now }
        k.rcuBarrier { done = k.now }
        k.runUntilIdle()
        #expect(callback == VirtualTime.zero + k.costs.gracePeriod)
        #expect(done! < callback! + k.costs.hostRCUBarrier)
        #expect(done! >= callback!)
    }
}
