import KernelSim
@testable import Memcg
import Testing

/// Add, delete, counts and walks on one list_lru.
@Suite struct ListLRUBasicTests {
    @Test func addDeleteAndCountsAreExactPerNode() throws {
        let mc = makeController(nodes: 2)
        let lru = try mc.listLRUs.makeListLRU(name: "plain", memcgAware: false)
        for i in 0..<10 { #expect(lru.add(ListLRUItem(UInt32(i)), node: i % 2, memcg: nil)) }
        #expect(!lru.add(ListLRUItem(3), node: 1, memcg: nil), "an item on a list is not added twice")
        #expect(lru.count == 10)
        #expect(lru.count(node: 0) == 5 && lru.count(node: 1) == 5)
        #expect(lru.delete(ListLRUItem(4), node: 0, memcg: nil))
        #expect(!lru.delete(ListLRUItem(4), node: 0, memcg: nil), "an item off every list is not deleted")
        #expect(!lru.delete(ListLRUItem(999), node: 0, memcg: nil))
        #expect(lru.count(node: 0, memcg: nil) == 4)
        #expect(lru.count == 9)
        #expect(mc.checkInvariants().isEmpty)
        #expect(mc.violations.isEmpty)
    }

    @Test func aMemcgUnawareListLRUPutsEveryMemcgOnTheNodeList() throws {
        let mc = makeController(nodes: 1)
        let a = try mc.mkdir("/a")
        let lru = try mc.listLRUs.makeListLRU(name: "plain", memcgAware: false)
        lru.add(ListLRUItem(0), node: 0, memcg: a)
        #expect(lru.count(node: 0, memcg: nil) == 1)
        #expect(lru.count(node: 0, memcg: a) == 1)
        #expect(mc.listLRUs.statistics.lists == 0)
    }

    /// Walk answers, in the kernel's terms, on a list 0...5 at budget 100.
    @Test func walkAnswersRemoveRotateSkipAndRetry() throws {
        let mc = makeController(nodes: 1)
        let lru = try mc.listLRUs.makeListLRU(name: "walk", memcgAware: false)
        for i in 0..<6 { lru.add(ListLRUItem(UInt32(i)), node: 0, memcg: nil) }
        var seen: [UInt32] = []
        var budget = 100
        var retried = false
        var rotated = false
        let removed = lru.walk(node: 0, memcg: nil, budget: &budget) { item in
            seen.append(item.index)
            switch item.index {
            case 0: return .removed
            case 1 where !rotated:
                rotated = true
                return .rotate
            case 2 where !retried:
                retried = true
                return .retry
            case 3: return .removedRetry
            default: return .skip
            }
        }
        // 0 removed; 1 rotated to the tail; 2 retries from the head (now
        // 2 itself) and is skipped; 3 is removed and restarts from the head;
        // then 2, 4, 5 and the rotated 1 are skipped to the end.
        #expect(seen == [0, 1, 2, 2, 3, 2, 4, 5, 1])
        #expect(removed == 2)
        #expect(budget == 100 - seen.count)
        #expect(lru.count == 4)
        #expect(!lru.contains(ListLRUItem(0)) && !lru.contains(ListLRUItem(3)))
        #expect(mc.checkInvariants().isEmpty)
    }

    @Test func theBudgetBoundsAWalkThatKeepsRetrying() throws {
        let mc = makeController(nodes: 1)
        let lru = try mc.listLRUs.makeListLRU(name: "retry", memcgAware: false)
        lru.add(ListLRUItem(0), node: 0, memcg: nil)
        var budget = 50
        var visits = 0
        lru.walk(node: 0, memcg: nil, budget: &budget) { _ in
            visits += 1
            return .retry
        }
        #expect(visits == 50 && budget == 0)
    }

    @Test func changingAListFromInsideItsWalkIsRefusedAndReported() throws {
        let mc = makeController(nodes: 1)
        let lru = try mc.listLRUs.makeListLRU(name: "reentrant", memcgAware: false)
        lru.add(ListLRUItem(0), node: 0, memcg: nil)
        var budget = 10
        lru.walk(node: 0, memcg: nil, budget: &budget) { _ in
            #expect(!lru.add(ListLRUItem(1), node: 0, memcg: nil))
            return .skip
        }
        #expect(mc.violations.map(\.rule) == ["list_lru-walk"])
    }

    @Test func walkNodeVisitsTheRootListThenEachMemcg() throws {
        for design in ListLRUDesign.allCases {
            let mc = makeController(design, nodes: 1)
            let a = try mc.mkdir("/a"), b = try mc.mkdir("/b")
            let lru = try mc.listLRUs.makeListLRU(name: "all", memcgAware: true)
            try lru.prepareLists(for: a)
            try lru.prepareLists(for: b)
            lru.add(ListLRUItem(0), node: 0, memcg: b)
            lru.add(ListLRUItem(1), node: 0, memcg: a)
            lru.add(ListLRUItem(2), node: 0, memcg: nil)
            var order: [UInt32] = []
            var budget = 10
            lru.walk(node: 0, budget: &budget) { item in
                order.append(item.index)
                return .removed
            }
            #expect(order == [2, 1, 0], "\(design)")
            #expect(lru.count == 0)
        }
    }

    @Test func aCorruptedCountIsCaughtByTheChecker() throws {
        let mc = makeController(.eager, nodes: 1)
        let a = try mc.mkdir("/a")
        let lru = try mc.listLRUs.makeListLRU(name: "x", memcgAware: true)
        lru.add(ListLRUItem(0), node: 0, memcg: a)
        let r = lru.resolve(node: 0, memcg: a, materialize: false).record
        lru.state.pointee.records[r].count += 1
        #expect(mc.checkInvariants().map(\.rule).contains("list_lru-count"))
    }

    @Test func deletingWithTheWrongMemcgIsReported() throws {
        let mc = makeController(.eager, nodes: 1)
        let a = try mc.mkdir("/a"), b = try mc.mkdir("/b")
        let lru = try mc.listLRUs.makeListLRU(name: "x", memcgAware: true)
        lru.add(ListLRUItem(0), node: 0, memcg: a)
        #expect(lru.delete(ListLRUItem(0), node: 0, memcg: b))
        #expect(mc.violations.map(\.rule) == ["list_lru-mislisted"])
        #expect(lru.count == 0)
    }
}
