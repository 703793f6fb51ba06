/// When the memcg ID (the 16-bit number that swap entries, list_lru
/// indices and per-memcg cache arrays use) is released.
public enum MemcgIDRelease: String, DesignKnobValue {
    /// Held until the dying memcg is freed: thousands of dying cgroups can
    /// exhaust the 65,535 IDs and make mkdir fail with ENOSPC (before 4.8).
    case atRelease
    /// Released at offline, so dying cgroups hold no ID (4.8 and later).
    case atOffline

    public var summary: String {
        switch self {
        case .atRelease: return "ID held until the memcg is freed; dying cgroups can exhaust IDs (ENOSPC); before 4.8"
        case .atOffline: return "ID released when the cgroup goes offline; 4.8 and later"
        }
    }
}

extension MemcgIDRelease {
    /// The variant that carries this design's code.
    var lifetime: MemcgIDLifetime {
        switch self {
        case .atRelease: return .atRelease(MemcgIDReleaseAtRelease())
        case .atOffline: return .atOffline(MemcgIDReleaseAtOffline())
        }
    }
}
