/// Which shrinkers memcg reclaim calls.
public enum ShrinkerBitmap: String, DesignKnobValue {
    /// Every memcg-aware shrinker is called for every memcg reclaimed,
    /// whether it has objects there or not (before 4.19).
    case callAll
    /// Only the shrinkers whose bit is set in the memcg's per-node bitmap:
    /// a bit is set when one of the shrinker's lists goes from empty to
    /// non-empty and cleared when the shrinker reports nothing (4.19 and later).
    case bitmap

    public var summary: String {
        switch self {
        case .callAll: return "every memcg-aware shrinker called for every memcg; before 4.19"
        case .bitmap: return "only shrinkers with their bit set in the memcg's per-node bitmap; 4.19 and later"
        }
    }
}

extension ShrinkerBitmap {
    /// The type that carries this design's code.
    var selection: any ShrinkerSelection.Type {
        switch self {
        case .callAll: return CallAllShrinkers.self
        case .bitmap: return ShrinkersByBitmap.self
        }
    }
}
