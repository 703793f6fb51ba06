package import KernelSim
import CgroupFS
import Memcg

/// Host memory estimates for scenario runs, built from per-item costs
/// measured on the release build (peak resident size over item count, at
/// several sizes and topologies; see the README's limits section).
package enum ModelFootprint {
    /// One cgroup of the model on this topology (`ScriptEstimate`'s figures).
    package static func cgroupBytes(_ topology: Topology) -> UInt64 {
        ScriptEstimate.cgroupBytes(topology)
    }

    /// Bytes of model memory per swap slot (the swap map's record of an entry).
    static let swapSlotBytes: UInt64 = 6

    /// The page table of a run that can fill the machine: a page record for
    /// every frame of the host's memory and each of `extraPages` more (pages
    /// that need no frame while they are out on swap, such as shmem), and
    /// a swap map entry for every slot of `swapBytes` of swap.
    static func pageTable(_ topology: Topology, extraPages: Int = 0, swapBytes: Int = 0) -> [(count: Int, bytes: UInt64)] {
        [(topology.memoryBytes / PageSize.bytes + extraPages, UInt64(PageTable.bytesPerPage)),
         (swapBytes / PageSize.bytes, swapSlotBytes)]
    }

    /// `base + Σ count × bytes`, saturating.
    package static func total(_ items: [(count: Int, bytes: UInt64)]) -> UInt64 {
        var sum = ScriptEstimate.baseBytes
        for (count, bytes) in items {
            let (product, overflow) = UInt64(max(0, count)).multipliedReportingOverflow(by: bytes)
            let (next, o2) = sum.addingReportingOverflow(product)
            if overflow || o2 { return .max }
            sum = next
        }
        return sum
    }
}
