import Memcg
import Workload

/// What the replay builds in the model from a host reading: the live tree
/// with its memory by kind, and the dying cgroups with what plausibly pins
/// them. Every figure here is either read from the host or follows from an
/// assumption listed in `assumptions`.
package struct ReplayPlan: Sendable {
    /// A live cgroup and the memory charged to it alone (its hierarchical
    /// figures minus its live children's).
    package struct LiveCgroup: Sendable {
        package let path: String
        package var anonPages: Int
        package var filePages: Int
        /// kmalloc objects standing in for its slab.
        package var slabObjects: Int
    }

    /// Dying cgroups below one live cgroup, and what each holds.
    package struct DyingGroup: Sendable {
        package let parent: String
        package let count: Int
        let filePagesEach: Int
        let slabFilesEach: Int
    }

    package var live: [LiveCgroup] = []
    package var dying: [DyingGroup] = []
    /// One replayed live slab object stands for this many bytes of the host's slab.
    var liveSlabBytesPerObject: Int64 = 0
    /// The model's host memory (`Topology.memoryBytes`): the host's MemTotal,
    /// or `maxModelMemoryBytes` when that is more (or MemTotal was not read).
    package var memoryBytes = ReplayPlan.maxModelMemoryBytes
    var assumptions: [String] = []

    /// Most slab objects the replay creates for the live tree, and files
    /// for the dying cgroups, by default: a host's gigabytes of slab are
    /// sampled, not copied.
    static let defaultLiveSlabObjectBudget = 100_000
    static let defaultDyingSlabFileBudget = 200_000
    /// The kmalloc size live slab is replayed as.
    static let liveSlabObjectSize = 512
    /// Most page-cache pages one dying cgroup is given.
    static let maxFilePagesEach = 1_024
    /// Most dying cgroups replayed: past it, a count (from a damaged file
    /// or an extraordinary host) is replayed as this many.
    static let maxDying: Int64 = 1_000_000
    /// Most bytes of one kind one live cgroup is charged (1 TiB): a figure
    /// beyond it is taken as this much.
    static let maxBytesPerCgroup: Int64 = 1 << 40
    /// Most host memory the replay models (1 GiB): memory pressure is made
    /// by filling the model's free page frames, whose cost grows with it.
    static let maxModelMemoryBytes = 1 << 30
    /// Most rounds of memory pressure.
    static let pressureRounds = 8
    /// The bytes of one replayed file: a dentry and an inode.
    static let bytesPerFile = Int64(VirtualFileSystem.dentryBytes + VirtualFileSystem.inodeBytes)

    package init(_ reading: HostReading, dyingCount: Int64?,
                liveSlabObjectBudget: Int = defaultLiveSlabObjectBudget, dyingSlabFileBudget: Int = defaultDyingSlabFileBudget) {
        let pageBytes = Int64(PageSize.bytes)
        let cgroups = reading.cgroups
        var index: [String: Int] = [:]
        for (i, cgroup) in cgroups.enumerated() { index[cgroup.path] = i }
        // What each cgroup holds beyond its live children: its own charges
        // plus whatever its dying descendants still hold.
        // v1 prints no slab figure: its kernel memory (mostly slab) stands in.
        let slabKind: HostMemoryKind = reading.hierarchy == .v1 ? .kernel : .slab
        let kinds: [HostMemoryKind] = [.anon, .file, slabKind]
        var childSums = [[Int64]](repeating: [0, 0, 0], count: cgroups.count)
        for cgroup in cgroups where cgroup.path != "/" {
            guard let p = index[cgroup.parentPath] else { continue }
            for (k, kind) in kinds.enumerated() {
                childSums[p][k] = childSums[p][k].adding(saturating: cgroup.bytes(kind) ?? 0)
            }
        }
        var residual = [[Int64]](repeating: [0, 0, 0], count: cgroups.count)
        for (i, cgroup) in cgroups.enumerated() {
            residual[i] = kinds.enumerated().map { k, kind in
                min(Self.maxBytesPerCgroup, max(0, (cgroup.bytes(kind) ?? 0).subtracting(saturating: childSums[i][k])))
            }
        }
        let memTotal = reading.meminfo?["MemTotal"]
        let modelMiB = Self.maxModelMemoryBytes >> 20
        if let memTotal, memTotal > 0, memTotal <= Int64(Self.maxModelMemoryBytes) {
            memoryBytes = Int(memTotal)
            assumptions.append("the model's host memory is the host's MemTotal (\(memTotal >> 20) MiB), with the kernel's watermarks for that size")
        } else if let memTotal, memTotal > 0 {
            assumptions.append("the model's host memory is \(modelMiB) MiB, not the host's MemTotal (\(memTotal >> 20) MiB): memory pressure fills the model's free memory page by page, which at the host's size would take too long; the watermarks are the kernel's for \(modelMiB) MiB")
        } else {
            assumptions.append("/proc/meminfo gave no MemTotal: the model's host memory is \(modelMiB) MiB")
        }
        if reading.hierarchy == .v1 {
            assumptions.append("cgroup v1 prints no slab figure: memory.kmem.usage_in_bytes (slab, stacks and other kernel memory) stands in for slab")
        }
        let totalSlab = residual.reduce(Int64(0)) { $0.adding(saturating: $1[2]) }
        let objectSize = Int64(Self.liveSlabObjectSize)
        liveSlabBytesPerObject = max(objectSize, totalSlab.adding(saturating: Int64(max(1, liveSlabObjectBudget)) - 1) / Int64(max(1, liveSlabObjectBudget)))

        // Where the dying cgroups are: v2 says per cgroup; v1 does not, so
        // they are spread over the cgroups whose totals exceed their live
        // children's, in proportion to that excess of page cache.
        var dyingByParent: [(Int, Int64)] = []
        if reading.hierarchy == .v2 {
            for entry in HostAnalysis.dyingParents(cgroups, top: .max) {
                if let i = index[entry.path] { dyingByParent.append((i, min(entry.dying, Self.maxDying))) }
            }
        } else if let count = dyingCount, count > 0, !cgroups.isEmpty {
            let total = min(count, Self.maxDying)
            dyingByParent = Self.spread(total, over: residual.map { $0[1] })
            assumptions.append("cgroup v1 does not say where dying cgroups are: the \(total) are placed below the cgroups whose total_cache exceeds their live children's, in proportion to that excess (below the root when none does)")
        }
        var dyingTotal = dyingByParent.reduce(Int64(0)) { $0.adding(saturating: $1.1) }
        if dyingTotal > Self.maxDying {
            // Scale every parent's share down to the cap, keeping at least one each.
            dyingByParent = dyingByParent.map { ($0.0, max(1, Int64(Double($0.1) * Double(Self.maxDying) / Double(dyingTotal)))) }
            dyingTotal = dyingByParent.reduce(Int64(0)) { $0 + $1.1 }
        }
        if let count = dyingCount, count > Self.maxDying {
            assumptions.append("\(count) dying cgroups are more than the replay builds; \(dyingTotal) are replayed")
        }
        let slabFilesEachCap = dyingTotal > 0 ? max(1, dyingSlabFileBudget / Int(dyingTotal)) : 1
        var dyingShare = [[Int64]](repeating: [0, 0], count: cgroups.count)
        for (i, count) in dyingByParent where count > 0 {
            // The excess is split between the cgroup itself and its dying
            // children: assume the dying hold it (that is what pins them).
            let fileEach = Int(min(Int64(Self.maxFilePagesEach), max(1, residual[i][1] / pageBytes / count)))
            let slabEach = Int(min(Int64(slabFilesEachCap), max(1, residual[i][2] / Self.bytesPerFile / count)))
            dying.append(DyingGroup(parent: cgroups[i].path, count: Int(count), filePagesEach: fileEach, slabFilesEach: slabEach))
            dyingShare[i] = [Int64(fileEach) * pageBytes * count, Int64(slabEach) * Self.bytesPerFile * count]
        }
        for (i, cgroup) in cgroups.enumerated() where cgroup.path != "/" {
            live.append(LiveCgroup(
                path: cgroup.path,
                anonPages: Int(residual[i][0] / pageBytes),
                filePages: Int(max(0, residual[i][1] - dyingShare[i][0]) / pageBytes),
                slabObjects: Int(max(0, residual[i][2] - dyingShare[i][1]) / liveSlabBytesPerObject)))
        }
        assumptions.append("a live cgroup is charged what its memory.stat totals exceed its live children's (anon, page cache, slab); on the root that includes memory of no cgroup")
        assumptions.append("a live cgroup's page cache is charged as plain pages (on no LRU, not reclaimable, holding no page frame): reclaim and pressure act on the dying cgroups' page cache, not the live tree's")
        assumptions.append("a dying cgroup's page cache is clean page-cache pages read into one file by a task in it, which exits before the rmdir; the pages stay charged to it (3.19+) and pin it until reclaim evicts them")
        assumptions.append("live slab stands in as kmalloc-\(Self.liveSlabObjectSize) objects in use (on no LRU), one per \(liveSlabBytesPerObject) B of the host's; a dying cgroup's slab as files, a dentry (\(VirtualFileSystem.dentryBytes) B) and an inode (\(VirtualFileSystem.inodeBytes) B) each, unused on a superblock's LRUs")
        assumptions.append("each dying cgroup holds at least one page of page cache and one file, at most \(Self.maxFilePagesEach) pages and \(slabFilesEachCap) files: an even share of its parent's excess over its live children")
        assumptions.append("memory.reclaim is the model's: the host root's page cache in bytes (live and dying, as its memory.stat file says) is written to its memory.reclaim; the live part is not on the LRUs, so the write frees the dying cgroups' and ends in EAGAIN (counted); memory pressure is a task outside the tree reading a file until the model's free memory reaches the min watermark, kswapd (and shrink_slab with it) reclaiming back to the high watermark, in up to \(Self.pressureRounds) rounds while dying cgroups are freed")
        assumptions.append("each dying cgroup allocates a first file before the rest, as a cgroup that lived a while has its per-memcg caches (before 5.9) created by then")
    }

    /// `total` split over `weights` by largest remainder; all to index 0
    /// (the root, first in walk order) when no weight is positive.
    static func spread(_ total: Int64, over weights: [Int64]) -> [(Int, Int64)] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return [(0, total)] }
        var shares = weights.enumerated().map { (i, w) in (i, Double(total) * Double(w) / Double(sum)) }
        var result = shares.map { ($0.0, Int64($0.1.rounded(.down))) }
        var left = total - result.reduce(0) { $0 + $1.1 }
        shares.sort { ($0.1 - $0.1.rounded(.down), $1.0) > ($1.1 - $1.1.rounded(.down), $0.0) }
        for (i, _) in shares where left > 0 {
            result[i].1 += 1
            left -= 1
        }
        return result.filter { $0.1 > 0 }
    }
}
