import KernelSim
import Memcg
import Scenarios
import Testing

@Suite struct ScenarioLimitTests {
    private func context(_ scenario: any Scenario, design: String? = nil, topology: Topology? = nil, _ overrides: [String] = []) throws -> ScenarioContext {
        let name = design ?? scenario.defaultDesignName
        return ScenarioContext(designName: name, design: try Preset.named(name).design,
                        seed: 1, topology: topology ?? scenario.defaultTopology, costs: CostModel(),
                        parameters: try ScenarioRunner.parameters(for: scenario, overrides))
    }

    @Test func defaultsFitASmallMachine() throws {
        for scenario in ScenarioCatalog.all {
            let estimate = scenario.estimatedHostBytes(try context(scenario))
            #expect(estimate < 8 << 30, "\(scenario.name): \(ByteCount.text(estimate))")
        }
    }

    @Test func runawaySizesAreEstimatedAsRunaway() throws {
        let lru = try ScenarioRunner.scenario(named: "list-lru-overhead")
        #expect(lru.estimatedHostBytes(try context(lru, design: "v5.13", topology: try Topology(cpus: 8, nodes: 1_024))) > 1 << 40)
        #expect(lru.estimatedHostBytes(try context(lru, design: "v5.13", ["superblocks=100000"])) > 100 << 30)
        // Lazy lists exist only where objects are: the same sizes fit.
        #expect(lru.estimatedHostBytes(try context(lru, design: "v6.12", ["superblocks=100000"])) < 8 << 30)
        let churn = try ScenarioRunner.scenario(named: "cgroup-churn")
        #expect(churn.estimatedHostBytes(try context(churn, ["cgroups=10000000"])) > 32 << 30)
        let rcu = try ScenarioRunner.scenario(named: "engine-rcu")
        #expect(rcu.estimatedHostBytes(try context(rcu, topology: try Topology(cpus: 4_096), ["callbacks=10000000"])) > 1 << 40)
    }

    @Test func everyScenarioHasADefaultDesignItAppliesTo() throws {
        for scenario in ScenarioCatalog.all {
            #expect(scenario.inapplicability(to: try Preset.named(scenario.defaultDesignName).design) == nil, "\(scenario.name)")
            #expect(scenario.applicablePresets.contains(scenario.defaultDesignName))
        }
        #expect(try ScenarioRunner.scenario(named: "cache-teardown").defaultDesignName == "v5.4")
        #expect(try ScenarioRunner.scenario(named: "vmstat-drift").defaultDesignName == Preset.defaultName)
    }

    @Test func byteCountsReadWithUnits() {
        #expect(ByteCount.text(UInt64(512)) == "512 B")
        #expect(ByteCount.text(UInt64(1_536)) == "1.50 KiB")
        #expect(ByteCount.text(UInt64(6) << 30) == "6.00 GiB")
        #expect(formatMetric("slab_bytes", 2_048) == "2048 (2.00 KiB)")
        #expect(formatMetric("cgroups", 2_048) == "2048")
    }
}
