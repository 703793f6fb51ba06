/// MEMCG_CHARGE_BATCH: the size of a per-CPU charge stock refill.
public enum ChargeBatch: String, DesignKnobValue {
    case pages32 = "32"
    case pages64 = "64"

    public var pages: Int { self == .pages32 ? 32 : 64 }

    public var summary: String {
        switch self {
        case .pages32: return "32 pages, kernels before 6.1"
        case .pages64: return "64 pages, 6.1 and later"
        }
    }
}
