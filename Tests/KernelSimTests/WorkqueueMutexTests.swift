import Testing
@testable import KernelSim

@Suite struct WorkqueueTests {
    private func blockingItems(maxActive: Int?, ordered: Bool = false, count: Int) -> (Kernel, Workqueue, KernelMutex, [Int]) {
        let k = Kernel()
        let wq = k.makeWorkqueue("wq", maxActive: maxActive, ordered: ordered)
        let m = k.makeMutex("slab_mutex")
        var order: [Int] = []
        for i in 0..<count {
            wq.queueAsync("item") { done in
                m.withLock(owner: "item\(i)", holdingFor: { order.append(i); return .microseconds(10) }, then: done)
            }
        }
        k.runUntilIdle()
        return (k, wq, m, order)
    }

    @Test func unboundedQueueSpawnsAWorkerPerBlockedItem() {
        let (_, wq, m, _) = blockingItems(maxActive: nil, count: 50)
        #expect(wq.statistics.peakActive == 50)
        #expect(wq.statistics.completed == 50)
        #expect(m.statistics.peakWaiters == 49)
    }

    @Test func boundedQueueCapsWorkers() {
        let (_, wq, m, _) = blockingItems(maxActive: 1, count: 50)
        #expect(wq.statistics.peakActive == 1)
        #expect(wq.statistics.completed == 50)
        #expect(m.statistics.peakWaiters == 0)
    }

    @Test func orderedQueueRunsInQueueOrder() {
        let (_, wq, _, order) = blockingItems(maxActive: 8, ordered: true, count: 20)
        #expect(wq.maxActive == 1)
        #expect(order == Array(0..<20))
    }

    @Test func itemCostKeepsTheWorkerBusy() {
        let k = Kernel()
        let wq = k.makeWorkqueue("wq", maxActive: 1)
        var starts: [VirtualTime] = []
        for _ in 0..<3 { wq.queue("x", cost: .milliseconds(1)) { starts.append(k.now) } }
        k.runUntilIdle()
        #expect(starts.count == 3)
        #expect(starts[2] - starts[0] >= .milliseconds(2))
    }
}

@Suite struct KernelMutexTests {
    @Test func recordsHoldTimesAndHolder() {
        let k = Kernel()
        let m = k.makeMutex("cgroup_mutex")
        m.withLock(owner: "short", holdingFor: { .milliseconds(1) })
        m.withLock(owner: "long", holdingFor: { .milliseconds(5) })
        k.runUntilIdle()
        #expect(m.statistics.acquisitions == 2)
        #expect(m.statistics.contended == 1)
        #expect(m.statistics.maxHold == .milliseconds(5) + k.costs.mutexAcquire)  // the hand-over is part of the hold
        #expect(m.statistics.maxHolder == "long")
        #expect(m.statistics.totalHold == .milliseconds(6) + k.costs.mutexAcquire)
        #expect(m.statistics.totalWait >= .milliseconds(1))
        #expect(!m.isLocked)
    }
}

@Suite struct FaultInjectorTests {
    @Test func unknownPointsAndBadRatesAreErrors() {
        let k = Kernel()
        k.faults.register(.init(name: "slab.alloc", summary: "slab page allocation fails"))
        #expect(throws: SimError.self) { try k.faults.setFailureRate("nope", 0.5) }
        #expect(throws: SimError.self) { try k.faults.setFailureRate("slab.alloc", 1.5) }
    }

    @Test func ratesAreHonouredReproducibly() throws {
        func failures(seed: UInt64) throws -> [Bool] {
            let k = Kernel(KernelConfiguration(seed: seed))
            k.faults.register(.init(name: "p", summary: ""))
            try k.faults.setFailureRate("p", 0.25)
            return (0..<2000).map { _ in k.faults.shouldFail("p") }
        }
        let a = try failures(seed: 9)
        #expect(a == (try failures(seed: 9)))
        let rate = Double(a.filter { $0 }.count) / 2000
        #expect(rate > 0.2 && rate < 0.3)
    }

    @Test func faultsDoNotPerturbTheMainStream() throws {
        let quiet = Kernel(KernelConfiguration(seed: 5))
        let noisy = Kernel(KernelConfiguration(seed: 5))
        noisy.faults.register(.init(name: "p", summary: ""))
        try noisy.faults.setFailureRate("p", 0.5)
        for _ in 0..<100 { _ = noisy.faults.shouldFail("p") }
        #expect(quiet.random.next() == noisy.random.next())
    }
}
