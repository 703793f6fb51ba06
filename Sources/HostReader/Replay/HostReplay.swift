import KernelSim
package import Memcg
import Workload

/// Runs a `ReplayPlan` under one design: builds the live tree, creates and
/// removes the dying cgroups with what pins them, then measures how many
/// are still dying after offline, after memory.reclaim and after memory
/// pressure (all through the model's page cache and reclaim), and the kernel memory the model charges for them.
package struct HostReplay {
    /// What one design did with the host's tree. Every figure is the model's.
    package struct Outcome: Sendable {
        package let design: String
        /// Dying cgroups the replay tried to create, and mkdirs refused with ENOSPC (memcg IDs exhausted).
        var dyingRequested = 0
        var mkdirENOSPC = 0
        /// Live cgroups the model could not create: past MEM_CGROUP_ID_MAX
        /// (ENOSPC), with their descendants (ENOENT).
        var liveNotCreated = 0
        /// Dying cgroups not replayed because their parent was not created.
        var dyingSkipped = 0
        var dyingAfterOffline = 0
        var dyingAfterReclaim = 0
        var dyingAfterPressure = 0
        var memcgIDsAfterOffline = 0
        /// What the live tree is charged for the dying cgroups (their page
        /// cache, their slab, and their own structures where the design
        /// charges them to the parent): the growth of the container's
        /// page counter over the live tree alone, after each step.
        var chargedAfterOffline: Int64 = 0
        var chargedAfterReclaim: Int64 = 0
        var chargedAfterPressure: Int64 = 0
        /// The part of `chargedAfterOffline` that is not the dying cgroups'
        /// page cache: their slab and, where charged, their own structures.
        var kernelChargedAfterOffline: Int64 = 0
        /// The dying cgroups' own structures by the model's sizes, charged or not.
        var structureBytesAfterOffline: Int64 = 0
        var structureBytesAfterPressure: Int64 = 0
        /// What memory.reclaim did: pages the model reclaimed, and whether
        /// the write failed with EAGAIN (it reclaimed less than asked).
        var reclaimedPages = 0
        var reclaimEAGAIN = false
        /// What memory pressure did: rounds run and kswapd wake-ups.
        var pressureRounds = 0
        package var kswapdRuns = 0
        package var wallSeconds = 0.0
    }

    package let plan: ReplayPlan
    package let cpus: Int
    package let nodes: Int
    package let seed: UInt64
    /// The model's host memory: the plan's, at least 16 MiB per node.
    package let memoryBytes: Int

    package init(plan: ReplayPlan, cpus: Int, nodes: Int, seed: UInt64 = 1) {
        self.plan = plan
        self.cpus = min(max(1, cpus), Topology.maxCPUs)
        self.nodes = min(max(1, nodes), Topology.maxNodes, self.cpus)
        self.seed = seed
        self.memoryBytes = min(max(plan.memoryBytes, self.nodes * Topology.minMemoryBytesPerNode), Topology.maxMemoryBytes)
    }

    /// The cgroup the host's tree is rebuilt under, so that what the dying
    /// cgroups cost is read from one page counter whatever the design.
    package static let container = "/host"

    package func run(_ name: String, _ design: Design) throws(MemcgError) -> Outcome {
        let started = ContinuousClock.now
        var outcome = Outcome(design: name)
        let topology = try! Topology(cpus: cpus, nodes: nodes, memoryBytes: memoryBytes)
        let kernel = Kernel(KernelConfiguration(topology: topology, seed: seed))
        let mc = MemoryController(kernel: kernel, design: design)
        let tasks = TaskTable(controller: mc)
        let vfs = tasks.vfs
        let host = try mc.mkdir(Self.container)
        func path(_ hostPath: String) -> String { hostPath == "/" ? Self.container : Self.container + hostPath }

        // The live tree, parents before children (the plan is in walk order).
        for (index, cgroup) in plan.live.enumerated() {
            kernel.currentCPU = index % kernel.cpus
            let memcg: MemCgroup
            do {
                memcg = try mc.mkdir(path(cgroup.path))
            } catch {
                // A tree past 65,535 memcgs cannot be built; nor can the
                // children of a cgroup that was not.
                guard error.errno == .ENOSPC || error.errno == .ENOENT else { throw error }
                outcome.liveNotCreated += 1
                continue
            }
            // Plain charges: the live tree's memory counts against the
            // container but holds no page frame and is on no LRU.
            let plainPages = cgroup.anonPages + cgroup.filePages
            if plainPages > 0 { try mc.chargeAnon(memcg, pages: plainPages) }
            // Live slab as kmalloc objects held for the whole run: in use,
            // on no LRU, so memory pressure reclaims only what the dying hold.
            for _ in 0..<cgroup.slabObjects {
                _ = try mc.kmem.kmalloc(size: ReplayPlan.liveSlabObjectSize, memcg: memcg, node: kernel.currentNode)
            }
        }
        _ = kernel.runUntilIdle()
        mc.drainAllStocks()
        let usageBefore = host.memory.usage

        // The dying cgroups of each parent: created, given a first object
        // (which, with per-memcg caches, starts the creation of their child
        // caches), given time, given what pins them, removed.
        var dying: [(MemCgroup, Int)] = []
        var serial = 0
        for group in plan.dying {
            guard (try? mc.lookup(path(group.parent))) != nil else {
                outcome.dyingSkipped += group.count
                continue
            }
            var made: [(MemCgroup, String)] = []
            for _ in 0..<group.count {
                outcome.dyingRequested += 1
                serial += 1
                let cgroupPath = path(group.parent) + "/dying-\(serial)"
                do {
                    made.append((try mc.mkdir(cgroupPath), cgroupPath))
                } catch {
                    guard error.errno == .ENOSPC else { throw error }
                    outcome.mkdirENOSPC += 1
                }
            }
            for (index, (memcg, _)) in made.enumerated() {
                kernel.currentCPU = index % kernel.cpus
                try vfs.createFiles(1, on: nil, memcg: memcg, node: kernel.currentNode)
            }
            _ = kernel.runUntilIdle()
            for (index, (memcg, cgroupPath)) in made.enumerated() {
                kernel.currentCPU = index % kernel.cpus
                // A task in the cgroup reads a file into the page cache
                // (charged to the cgroup, on its LRUs) and exits.
                let task = try tasks.spawn(in: memcg, cpu: kernel.currentCPU)
                try tasks.accessFile(task, name: "dying-\(serial)-\(index)", superblock: "rootfs",
                                     bytes: group.filePagesEach * PageSize.bytes, write: false, create: true)
                tasks.exit(task)
                try vfs.createFiles(group.slabFilesEach, on: nil, memcg: memcg, node: kernel.currentNode)
                try mc.rmdir(cgroupPath)
                dying.append((memcg, group.filePagesEach))
            }
            _ = kernel.runUntilIdle()
        }
        _ = kernel.runUntilIdle()
        let structureBytes = Int64(MemcgStructures(cpus: kernel.cpus, nodes: kernel.nodes).totalBytes)
        func chargedForDying() -> Int64 {
            mc.drainAllStocks()
            return Int64(host.memory.usage - usageBefore) * Int64(PageSize.bytes)
        }
        outcome.dyingAfterOffline = mc.dyingCgroupCount
        outcome.memcgIDsAfterOffline = mc.memcgIDsInUse
        outcome.chargedAfterOffline = chargedForDying()
        // The page cache the dying cgroups read, as the model has it (global
        // reclaim may have evicted some while the tree was built, when the
        // model's memory is smaller than what they were given), whether it
        // is still theirs or a design reparented it to a live ancestor: the
        // live tree's own page cache is plain charges with no page records.
        var pageCachePages = dying.reduce(0) { $0 + ($1.0.state == .freed ? 0 : $1.0.pageState?.filePages ?? 0) }
        var live = [host]
        while let memcg = live.popLast() {
            pageCachePages += memcg.pageState?.filePages ?? 0
            live.append(contentsOf: memcg.children.values)
        }
        let pageCacheBytes = Int64(pageCachePages) * Int64(PageSize.bytes)
        outcome.kernelChargedAfterOffline = outcome.chargedAfterOffline - pageCacheBytes
        outcome.structureBytesAfterOffline = Int64(outcome.dyingAfterOffline) * structureBytes

        // memory.reclaim of the host's root, asking for all its page cache
        // (what its memory.stat `file` says: live and dying), through the
        // model's proactive reclaim (shrink_node over the subtree,
        // shrink_slab with it). Only the dying cgroups' is on the LRUs, so
        // it frees that and then, short of the rest, fails with EAGAIN.
        let reclaimPages = plan.live.reduce(0) { $0 + $1.filePages } + dying.reduce(0) { $0 + $1.1 }
        let reclaimedBefore = mc.pages.statistics.reclaimed
        do {
            try mc.proactiveReclaim(host, pages: reclaimPages, swappiness: nil)
        } catch {
            guard error.errno == .EAGAIN else { throw error }
            outcome.reclaimEAGAIN = true
        }
        _ = kernel.runUntilIdle()
        outcome.reclaimedPages = mc.pages.statistics.reclaimed - reclaimedBefore
        outcome.dyingAfterReclaim = mc.dyingCgroupCount
        outcome.chargedAfterReclaim = chargedForDying()

        // Memory pressure: a task outside the tree reads a file until the
        // machine's free memory is at the min watermark; kswapd (woken at
        // the low one) reclaims back to the high one. Again while that
        // frees dying cgroups.
        let pressure = try mc.mkdir("/pressure")
        let reader = try tasks.spawn(in: pressure, cpu: 0)
        for round in 0..<ReplayPlan.pressureRounds {
            let before = mc.dyingCgroupCount
            guard before > 0 else { break }
            let lru = mc.pages
            let free = lru.host.totalFree - lru.host.minWatermark.reduce(0, +)
            let kswapdBefore = lru.statistics.kswapdRuns
            try tasks.accessFile(reader, name: "pressure-\(round)", superblock: "rootfs", bytes: max(free, 1) * PageSize.bytes,
                                 write: false, create: true)
            _ = kernel.runUntilIdle()
            outcome.kswapdRuns += lru.statistics.kswapdRuns - kswapdBefore
            outcome.pressureRounds = round + 1
            if mc.dyingCgroupCount == before { break }
        }
        outcome.dyingAfterPressure = mc.dyingCgroupCount
        outcome.chargedAfterPressure = chargedForDying()
        outcome.structureBytesAfterPressure = Int64(outcome.dyingAfterPressure) * structureBytes
        outcome.wallSeconds = (ContinuousClock.now - started).seconds
        return outcome
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
