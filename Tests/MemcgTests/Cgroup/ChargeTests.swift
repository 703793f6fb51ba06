import KernelSim
@testable import Memcg
import Testing
import MemcgTestSupport

@Suite struct ChargeTests {
    @Test func chargesReachEveryAncestorAndLimitsApplyAtEachLevel() throws {
        let mc = testController { $0.memcgMetadata = .unaccounted }
        let a = try mc.mkdir("/a")
        let b = try mc.mkdir("/a/b")
        mc.setMax(a, pages: 100)
        try mc.charge(b, pages: 30)
        #expect(b.memory.usage >= 30)
        #expect(a.memory.usage == b.memory.usage)
        #expect(mc.root.memory.usage == a.memory.usage)
        #expect(throws: MemcgError.self) { try mc.charge(b, pages: 80) }
        // try_charge_memcg counts `max` on every pass: the first, the one
        // after draining the stocks, and MAX_RECLAIM_RETRIES more; then the
        // OOM killer finds no task and the charge fails.
        let passes = MemoryController.chargeRetries + 2
        #expect(a.eventCount(.max, local: true) == passes)
        #expect(a.eventCount(.oom, local: true) == 1)
        #expect(b.eventCount(.max, local: true) == 0)
        #expect(a.memory.failCount == passes)
        #expect(a.memory.usage <= 100)
    }

    @Test func inlineCountersHaveOneSlotPerCase() {
        #expect(MemoryEvent.Counts.count == MemoryEvent.allCases.count)
        #expect(KernelMemoryKind.Bytes.count == KernelMemoryKind.allCases.count)
    }

    @Test func stockDiscrepancyIsBoundedByBatchTimesCPUs() throws {
        for batch in ChargeBatch.allCases {
            let mc = testController(cpus: 8) { $0.chargeBatch = batch; $0.memcgMetadata = .unaccounted }
            let a = try mc.mkdir("/a")
            var exact = 0
            var random = SimRandom(seed: 11)
            for _ in 0..<20_000 {
                mc.kernel.currentCPU = random.index(below: 8)
                if exact > 0, random.chance(0.45) {
                    mc.uncharge(a, pages: 1)
                    exact -= 1
                } else {
                    try mc.charge(a, pages: 1)
                    exact += 1
                }
                let slack = a.memory.usage - exact
                #expect(slack >= 0 && slack <= batch.pages * 8)
            }
            #expect(a.memory.usage - exact == mc.stockedPages(a))
        }
    }

    @Test func reclaimHookIsAskedBeforeFailing() throws {
        let mc = testController { $0.memcgMetadata = .unaccounted }
        let a = try mc.mkdir("/a")
        mc.setMax(a, pages: 10)
        try mc.charge(a, pages: 10)
        var asked = 0
        mc.setChargeReclaim { memcg, _ in
            asked += 1
            mc.uncharge(memcg, pages: 5)  // a stand-in reclaim that frees pages
            return 5
        }
        try mc.charge(a, pages: 3)
        #expect(asked == 1)
        #expect(a.memory.usage == 8)
    }
}

@Suite struct IDAllocatorTests {
    @Test func handsOutTheLowestFreeID() {
        var ids = IDAllocator(range: 1...5)
        #expect((0..<5).map { _ in ids.allocate() } == [1, 2, 3, 4, 5])
        #expect(ids.allocate() == nil)
        ids.release(4)
        ids.release(2)
        #expect(ids.allocate() == 2)
        #expect(ids.allocate() == 4)
        #expect(ids.highWater == 5)
    }
}

@Suite struct DesignTests {
    @Test func knobsAreSettableByNameWithClearErrors() throws {
        var d = Design()
        try d.apply(settings: ["memcgIDRelease=atRelease", "chargeBatch=32"])
        #expect(d.memcgIDRelease == .atRelease)
        #expect(d.chargeBatch == .pages32)
        #expect(throws: DesignError.unknownKnob("nope", valid: Design.knobs.map(\.name))) { try d.set("nope", to: "x") }
        #expect(throws: DesignError.self) { try d.set("chargeBatch", to: "48") }
        #expect(throws: DesignError.malformedSetting("chargeBatch")) { try d.apply(settings: ["chargeBatch"]) }
        // a failed apply changes nothing
        #expect(throws: DesignError.self) { try d.apply(settings: ["chargeBatch=64", "bad=1"]) }
        #expect(d.chargeBatch == .pages32)
    }

    @Test func everyPresetIsNamedOnceAndTheRequiredOnesExist() throws {
        let names = Preset.all.map(\.name)
        #expect(Set(names).count == names.count)
        for required in ["v3.18", "v4.10", "v4.11", "v5.4", "v5.9", "v5.13", "v5.18", "v6.12", "next"] {
            #expect(names.contains(required))
        }
        #expect(throws: DesignError.self) { try Preset.named("v2.6") }
        _ = try Preset.named(Preset.defaultName)
    }
}
