import KernelSim
import Memcg
@testable import Scenarios
import Testing

/// The seed-002 scenario, scaled down: eager allocates a kmalloc-32 list
/// per cache ID per node per list_lru; lazy only what is used.
@Suite struct ListLRUOverheadTests {
    private func run(_ listLRU: ListLRUDesign, _ params: [String]) throws -> ScenarioMetrics {
        let scenario = try ScenarioRunner.scenario(named: "list-lru-overhead")
        var design = Design()
        design.listLRU = listLRU
        let context = ScenarioContext(designName: listLRU.rawValue, design: design, seed: 1,
                                      topology: try Topology(cpus: 4, nodes: 2), costs: CostModel(),
                                      parameters: try ScenarioRunner.parameters(for: scenario, params))
        return try ScenarioRunner.run(scenario, context: context).metrics
    }

    @Test func eagerKmalloc32IsEveryListOfEveryCacheIDOnEveryNode() throws {
        let m = try run(.eager, ["memcgs=40", "superblocks=10", "used_superblocks=2"])
        // IDs 0...39: the arrays grew 4, 10, 22, 46.
        #expect(m["memcg_nr_cache_ids"] == 46)
        #expect(m["list_lrus"] == 20)
        #expect(m["list_lru_lists"] == Double(20 * 2 * 46))
        #expect(m["kmalloc32_objects"] == m["list_lru_lists"], "every list is a kmalloc-32 object")
        #expect(m["kmalloc32_bytes"] == m["list_lru_lists"]! * 32)
        #expect(m["objects_on_lrus"] == Double(40 * 2))
        #expect(m["array_growths"] == 4)
    }

    @Test func lazyListsAreProportionalToWhatIsUsedAndGoAwayWithTheMemcgs() throws {
        let one = try run(.lazy, ["memcgs=40", "superblocks=10", "used_superblocks=1", "remove_memcgs=1"])
        let two = try run(.lazy, ["memcgs=40", "superblocks=10", "used_superblocks=2", "remove_memcgs=1"])
        // Per memcg and used superblock: a dentry and an inode list_lru, 2 nodes.
        #expect(one["list_lru_lists"] == Double(40 * 1 * 2 * 2))
        #expect(two["list_lru_lists"] == Double(40 * 2 * 2 * 2))
        #expect(two["kmalloc32_bytes"] == 0)
        #expect(two["list_lru_lists_after_removal"] == 0)
        let eager = try run(.eager, ["memcgs=40", "superblocks=10", "used_superblocks=2"])
        #expect(two["list_lru_bytes"]! < eager["list_lru_bytes"]!)
    }

    @Test func sameSeedSameFigures() throws {
        let a = try run(.lazy, ["memcgs=30", "superblocks=7", "used_superblocks=3"])
        let b = try run(.lazy, ["memcgs=30", "superblocks=7", "used_superblocks=3"])
        #expect(a.modelFigures == b.modelFigures)
    }

    @Test func usingMoreSuperblocksThanExistIsAnError() throws {
        #expect(throws: ScenarioError.self) { try run(.lazy, ["memcgs=3", "superblocks=2", "used_superblocks=3"]) }
    }
}
