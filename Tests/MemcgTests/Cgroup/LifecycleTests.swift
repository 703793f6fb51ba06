import KernelSim
@testable import Memcg
import Testing
import MemcgTestSupport

@Suite struct LifecycleTests {
    private func system(_ configure: (inout Design) -> Void = { _ in }) -> MemoryController {
        var design = Design()
        configure(&design)
        return testController(design)
    }

    @Test func pathsAreSplitAndWalkedByTheirBytes() throws {
        let mc = system()
        let a = try mc.mkdir("/a")
        let b = try mc.mkdir("//a///b/")  // repeated and trailing slashes are ignored
        #expect(b.parent === a && b.name == "b")
        #expect(try mc.lookup("/a/b//") === b)
        #expect(try mc.lookup("///") === mc.root)
        let accented = try mc.mkdir("/a/\u{301}é")  // a name starting with a combining mark
        #expect(try mc.lookup("/a/\u{301}é") === accented)
        #expect(accented.path == "/a/\u{301}é")
        mc.reservedNames = ["memory.max"]
        for (path, errno) in [("a", Errno.EINVAL), ("", .EINVAL), ("/", .EINVAL), ("/nope/x", .ENOENT), ("/a/.", .EINVAL), ("/a/..", .EINVAL),
                              ("/a/x\ny", .EINVAL), ("/a/b/", .EEXIST), ("/memory.max", .EEXIST)] {
            let error = #expect(throws: MemcgError.self, "mkdir \(path)") { try mc.mkdir(path) }
            #expect(error?.errno == errno, "mkdir \(path)")
        }
        #expect(MemoryController.split("/a/b") == ("/a", "b"))
        #expect(MemoryController.split("/b") == ("/", "b"))
        #expect(MemoryController.split("/") == ("/", ""))  // mkdir / then fails on the empty name
        #expect(MemoryController.split("b") == ("", "b"))
        #expect(mc.root.liveDescendants == 3)
    }

    @Test func onlineCgroupsStayInCreationOrderThroughManyRemovals() throws {
        let mc = system()
        var expected = [mc.root]
        for i in 0..<500 {
            expected.append(try mc.mkdir("/c\(i)"))
            if i % 3 != 0 {  // remove two in three, oldest first, across several compactions
                let victim = expected.remove(at: 1)
                try mc.rmdir(victim.path)
            }
            #expect(mc.onlineCgroups.map(\.serial) == expected.map(\.serial))
        }
        mc.kernel.runUntilIdle()
        #expect(mc.onlineCgroups.map(\.serial) == expected.map(\.serial))
    }

    @Test func rmdirMakesACgroupDyingUntilItsPagesGo() throws {
        let mc = system()
        let a = try mc.mkdir("/a")
        try mc.charge(a, pages: 10)
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(a.state == .dying)
        #expect(mc.root.dyingDescendants == 1)
        mc.uncharge(a, pages: 10)
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(mc.root.dyingDescendants == 0)
        #expect(mc.violations.isEmpty)
    }

    @Test func aStockCachingADyingCgroupIsDrainedAtOffline() throws {
        let mc = system()
        let a = try mc.mkdir("/a")
        try mc.charge(a, pages: 1)  // leaves a batch minus one page in this CPU's stock
        #expect(mc.stockedPages(a) == mc.design.chargeBatch.pages - 1)
        mc.uncharge(a, pages: 1)
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(mc.stockedPages(a) == 0)
        #expect(a.state == .freed)
        #expect(mc.root.memory.usage == 0)
    }

    @Test func aStrayPutIsCaughtAndRefused() throws {
        let mc = system()
        let a = try mc.mkdir("/a")
        mc.put(a, 5)
        #expect(mc.violations.map(\.rule) == ["refcount-underflow"])
        #expect(a.references == 1)
        #expect(a.isOnline)
    }

    @Test func droppingTheBaseReferenceOfAnOnlineCgroupIsCaught() throws {
        let mc = system()
        let a = try mc.mkdir("/a")
        mc.put(a)
        #expect(mc.violations.map(\.rule) == ["refcount-underflow"])
        #expect(a.isOnline)
    }

    @Test func aLifecycleMoveOutOfOrderIsRecordedAndRefused() throws {
        let mc = system()
        let a = try mc.mkdir("/a")
        mc.transition(a, to: .released)
        #expect(mc.violations.map(\.rule) == ["lifecycle"])
        #expect(a.isOnline)
        mc.transition(a, to: .killed)
        #expect(a.state == .killed)
        mc.transition(a, to: .online(slot: 0))
        // A killed cgroup is released only after its offline has ended.
        mc.transition(a, to: .released)
        #expect(mc.violations.map(\.rule) == ["lifecycle", "lifecycle", "lifecycle"])
        #expect(a.state == .killed)
        mc.transition(a, to: .dying)
        #expect(a.state == .dying)
    }

    /// rmdir kills the css; only the end of its offline puts the base
    /// reference and makes it dying, and only then can it be released.
    @Test func aKilledCgroupIsReleasedOnlyAfterItsOfflineEnds() throws {
        let mc = system()
        let a = try mc.mkdir("/a")
        try mc.rmdir("/a")
        #expect(a.state == .killed && a.references == 1)
        mc.put(a)  // a put that is not its holder's: the base reference is the offline's
        #expect(mc.violations.map(\.rule) == ["refcount-underflow"])
        #expect(a.state == .killed && a.references == 1)
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        #expect(mc.violations.count == 1)
    }

    @Test func aSlabCacheLifecycleMoveOutOfOrderIsRecordedAndRefused() throws {
        let mc = system { $0.slabAccounting = .perMemcgCaches }
        let id = try mc.kmem.createCache(name: "test_cache", objectSize: 64)
        let cache = try #require(mc.kmem.cacheInfo(id))
        mc.kmem.transition(cache, to: .dying)
        #expect(mc.violations.map(\.rule) == ["lifecycle"])
        #expect(cache.state == .active)
        try mc.kmem.destroyCache(id)
        #expect(cache.state == .destroyed)
        #expect(mc.violations.count == 1)
    }

    @Test func usingAFreedCgroupIsCaught() throws {
        let mc = system()
        let a = try mc.mkdir("/a")
        try mc.rmdir("/a")
        mc.kernel.runUntilIdle()
        #expect(a.state == .freed)
        mc.get(a)
        #expect(mc.violations.map(\.rule) == ["use-after-free"])
    }

    @Test func idsHeldUntilReleaseRunOutWhileIdsReleasedAtOfflineDoNot() throws {
        for policy in MemcgIDRelease.allCases {
            let mc = system { $0.memcgIDRelease = policy; $0.memcgMetadata = .unaccounted }
            let job = try mc.mkdir("/job")
            var failure: MemcgError?
            // Each short job leaves one charged page behind: a dying cgroup.
            for i in 0..<70_000 where failure == nil {
                do {
                    let cg = try mc.mkdir("/j\(i)")
                    try mc.charge(cg, pages: 1)
                    try mc.rmdir("/j\(i)")
                    mc.kernel.runUntilIdle()
                } catch {
                    failure = error
                }
            }
            _ = job
            if policy == .atRelease {
                #expect(failure?.errno == .ENOSPC)
                #expect(mc.memcgIDsInUse == 65_535)
            } else {
                #expect(failure == nil)
                #expect(mc.root.dyingDescendants == 70_000)
            }
        }
    }

    @Test func ownStructuresAreChargedToTheParentWhileTheChildIsDying() throws {
        let mc = system { $0.memcgMetadata = .chargedToParent }
        let p = try mc.mkdir("/p")
        #expect(p.memory.usage == 0)
        let c = try mc.mkdir("/p/c")
        let s = MemcgStructures(cpus: mc.kernel.cpus, nodes: mc.kernel.nodes)
        #expect(p.kernelMemoryBytes(.percpu) == s.percpuBytes)
        #expect(p.kernelMemoryBytes(.slab) == s.slabBytes)
        #expect(p.memory.usage * PageSize.bytes >= s.totalBytes)
        try mc.charge(c, pages: 1)
        try mc.rmdir("/p/c")
        mc.kernel.runUntilIdle()
        #expect(c.state == .dying)
        #expect(p.kernelMemoryBytes(.percpu) == s.percpuBytes)
        mc.uncharge(c, pages: 1)
        mc.kernel.runUntilIdle()
        #expect(c.state == .freed)
        #expect(KernelMemoryKind.allCases.allSatisfy { p.kernelMemoryBytes($0) == 0 })
        mc.drainAllStocks()
        #expect(p.memory.usage == 0)
        #expect(mc.violations.isEmpty)
    }

    @Test func unaccountedStructuresCostTheParentNothing() throws {
        let mc = system { $0.memcgMetadata = .unaccounted }
        let p = try mc.mkdir("/p")
        _ = try mc.mkdir("/p/c")
        #expect(p.memory.usage == 0)
    }

    @Test func offlineWaitsForCgroupMutexAndRunsRegisteredSteps() throws {
        let mc = system()
        var log: [String] = []
        mc.addOfflineStep("first") { cg, done in log.append("first \(cg.path)"); done() }
        mc.addOfflineStep("slow") { cg, done in
            log.append("slow \(cg.path)")
            mc.kernel.synchronizeRCU { done() }
        }
        mc.addReleaseStep("release") { cg in log.append("release \(cg.path)") }
        _ = try mc.mkdir("/a")
        try mc.rmdir("/a")
        #expect(log.isEmpty)  // offline runs after a grace period, on a work item
        mc.kernel.runUntilIdle()
        #expect(log == ["first /a", "slow /a", "release /a"])
        #expect(mc.cgroupMutex.statistics.maxHold >= mc.kernel.costs.gracePeriod)
    }
}

@Suite struct CacheIDTests {
    @Test func arraysGrowToTwiceTheIDPlusOneAndIDsAreReusedAfterOffline() throws {
        // The last release with memcg_cache_ida (eager list_lru arrays).
        let mc = try testController(preset: "v5.13")
        var sizes: [Int] = []
        mc.onCacheIDArrayGrowth { sizes.append($0) }
        for i in 0..<12 { _ = try mc.mkdir("/c\(i)") }
        #expect(sizes == [4, 10, 22])
        #expect(mc.cacheIDArraySize == 22)
        #expect(try mc.lookup("/c5").cacheID == 5)
        try mc.rmdir("/c5")
        mc.kernel.runUntilIdle()
        let again = try mc.mkdir("/again")
        #expect(again.cacheID == 5)
        #expect(sizes == [4, 10, 22])
        #expect(mc.checkInvariants().isEmpty)
    }
}
