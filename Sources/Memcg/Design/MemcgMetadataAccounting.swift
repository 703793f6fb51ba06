/// Who pays for a memcg's own structures.
public enum MemcgMetadataAccounting: String, DesignKnobValue {
    /// Allocated without accounting: they show nowhere in the hierarchy (before 5.9).
    case unaccounted
    /// Charged to the parent while the parent is the active memcg, percpu
    /// parts included; a dying child keeps costing its parent (5.9 and later).
    case chargedToParent

    public var summary: String {
        switch self {
        case .unaccounted: return "not charged to any cgroup; before 5.9"
        case .chargedToParent: return "charged to the parent (slab and percpu), for as long as the child is dying; 5.9 and later"
        }
    }
}

extension MemcgMetadataAccounting {
    /// The variant that carries this design's code.
    var charging: MemcgMetadataCharging {
        switch self {
        case .unaccounted: return .unaccounted(MemcgMetadataUnaccounted())
        case .chargedToParent: return .chargedToParent(MemcgMetadataChargedToParent())
        }
    }
}
