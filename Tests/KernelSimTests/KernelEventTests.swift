import Testing
@testable import KernelSim

@Suite struct KernelEventTests {
    @Test func eventsRunInTimeThenInsertionOrder() {
        let k = Kernel()
        var order: [Int] = []
        k.schedule(after: .microseconds(2), "t") { order.append(3) }
        k.schedule(after: .microseconds(1), "t") { order.append(1) }
        k.schedule(after: .microseconds(1), "t") { order.append(2) }
        k.runUntilIdle()
        #expect(order == [1, 2, 3])
        #expect(k.now == VirtualTime(nanoseconds: 2_000))
    }

    @Test func advanceRunsOnlyWhatIsDue() {
        let k = Kernel()
        var ran = 0
        k.schedule(after: .milliseconds(5), "t") { ran += 1 }
        k.schedule(after: .milliseconds(15), "t") { ran += 1 }
        k.advance(by: .milliseconds(10))
        #expect(ran == 1)
        #expect(k.now == VirtualTime(nanoseconds: 10_000_000))
        k.advance(by: .milliseconds(10))
        #expect(ran == 2)
    }

    @Test func periodicTimersDoNotKeepTheKernelBusy() {
        let k = Kernel()
        var ticks = 0
        k.every(.seconds(2), "tick") { ticks += 1 }
        #expect(k.runUntilIdle())
        #expect(ticks == 0)
        k.advance(by: .seconds(7))
        #expect(ticks == 3)
    }

    @Test func eventsRememberTheirCPU() throws {
        let k = Kernel(KernelConfiguration(topology: try Topology(cpus: 8, nodes: 2)))
        var seen: [Int] = []
        k.schedule(on: 5, "t") { seen.append(k.currentCPU); seen.append(k.currentNode) }
        k.runUntilIdle()
        #expect(seen == [5, 1])
    }


    /// A caller that sleeps in `advance` while other CPUs' events run (an
    /// idle timer skipped over among them) goes on on its own CPU, and
    /// what it schedules next lands there.
    @Test func advanceReturnsOnTheCallersCPU() throws {
        let k = Kernel(KernelConfiguration(topology: try Topology(cpus: 4)))
        var seen: [Int] = []
        k.every(.milliseconds(1), on: 3, "tick", idle: { true }, skip: { _ in }) {}
        k.schedule(after: .microseconds(10), on: 1, "other") { seen.append(k.currentCPU) }
        k.currentCPU = 2
        k.advance(by: .milliseconds(50))
        #expect(seen == [1])
        #expect(k.currentCPU == 2)
        k.run(until: k.now + .milliseconds(50))
        #expect(k.currentCPU == 2)
        k.schedule("next") { seen.append(k.currentCPU) }
        k.runUntilIdle()
        #expect(seen == [1, 2])
    }
    @Test func topologyRejectsNonsense() {
        #expect(throws: SimError.self) { try Topology(cpus: 0) }
        #expect(throws: SimError.self) { try Topology(cpus: 4, nodes: 0) }
    }

    @Test func costOverridesByNameWithClearErrors() throws {
        var costs = CostModel()
        try costs.apply(overrides: ["grace_period=5ms", "list_node_visit=7ns"])
        #expect(costs.gracePeriod == .milliseconds(5))
        #expect(costs.listNodeVisit == .nanoseconds(7))
        #expect(throws: SimError.self) { try costs.set("nope", to: "1ms") }
        #expect(throws: SimError.self) { try costs.set("grace_period", to: "fast") }
        #expect(throws: SimError.self) { try costs.apply(overrides: ["grace_period"]) }
        #expect(costs.gracePeriod == .milliseconds(5))
    }

    /// Every entry says where its default comes from, and `--cost`'s help
    /// (`helpText`) lists each with its default and that source.
    @Test func everyCostEntryCitesItsSource() throws {
        let lines = CostModel.helpText.split(separator: "\n")
        #expect(lines.count == CostModel.entries.count)
        for (entry, line) in zip(CostModel.entries, lines) {
            #expect(!entry.source.isEmpty)
            #expect(line.hasPrefix("\(entry.name)=\(CostModel()[keyPath: entry.keyPath]): "))
            #expect(line.hasSuffix("[\(entry.source)]"))
        }
        // A slab cache list is walked as a chain of DRAM misses, not a warm loop.
        #expect(CostModel().cacheListNodeVisit == .nanoseconds(100))
        #expect(CostModel().cacheListNodeVisit > CostModel().listNodeVisit)
    }
}
