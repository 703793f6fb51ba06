/// How a memcg-aware list_lru finds and allocates its per-memcg lists.
public enum ListLRUDesign: String, DesignKnobValue {
    /// Per node, an array indexed by kmemcg cache ID holding a list for
    /// every ID, allocated up front and grown for every list_lru when a new
    /// ID does not fit; a dying memcg's lists are drained into the parent's
    /// (3.19 to 5.17).
    case eager
    /// Lists found by memcg ID in a sparse map, allocated when an object
    /// that will go on the list_lru is allocated, spliced into the parent's
    /// and freed at offline (5.18 and later).
    case lazy

    public var summary: String {
        switch self {
        case .eager:
            return "a list per memcg cache ID per node in every memcg-aware list_lru, allocated up front; 3.19 to 5.17"
        case .lazy:
            return "per-memcg lists allocated with the first object and freed at offline; 5.18 and later"
        }
    }
}

extension ListLRUDesign {
    /// The variant that carries this design's code.
    var index: ListLRUIndex {
        switch self {
        case .eager: return .eager(EagerListLRUIndex())
        case .lazy: return .lazy(LazyListLRUIndex())
        }
    }
}
