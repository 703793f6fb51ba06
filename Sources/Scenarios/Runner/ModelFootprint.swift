public import KernelSim
import CgroupFS

/// Host memory estimates for scenario runs, built from per-item costs
/// measured on the release build (peak resident size over item count, at
/// several sizes and topologies; see the README's limits section).
public enum ModelFootprint {
    /// One cgroup of the model on this topology (`ScriptEstimate`'s figures).
    public static func cgroupBytes(_ topology: Topology) -> UInt64 {
        ScriptEstimate.cgroupBytes(topology)
    }

    /// `base + Σ count × bytes`, saturating.
    public static func total(_ items: [(count: Int, bytes: UInt64)]) -> UInt64 {
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
