/// One combination of the memory controller's contested mechanisms: the
/// kernel design a workload runs under.
///
/// Designs are data. Each mechanism the kernel community changed is a
/// knob whose values are its legacy and fixed forms; a `Preset` names a
/// kernel release's combination. The same workload run under two designs
/// differs only in these values.
public struct Design: Hashable, Sendable {
    /// When a memcg's 16-bit ID returns to the allocator.
    public var memcgIDRelease: MemcgIDRelease = .atOffline
    /// How many pages a CPU's charge stock takes from the counter at once.
    public var chargeBatch: ChargeBatch = .pages64

    /// How per-CPU statistics reach memory.stat.
    public var vmstat: VMStatScheme = .rstat
    /// Whether a memcg's own structures are charged to its parent.
    public var memcgMetadata: MemcgMetadataAccounting = .chargedToParent

    /// How memcg-aware list_lrus allocate their per-memcg lists.
    public var listLRU: ListLRUDesign = .lazy
    /// Which shrinkers memcg reclaim calls.
    var shrinkerBitmap: ShrinkerBitmap = .bitmap
    /// Where memcg-aware shrinkers keep deferred scan counts.
    var shrinkerDeferred: ShrinkerDeferred = .perMemcg
    /// How accounted slab objects are charged: per-memcg child caches or objcg.
    public var slabAccounting: SlabAccounting = .objcg
    /// How per-memcg caches are torn down at offline.
    var cacheTeardown: CacheTeardown = .deferred
    /// How a /proc/slabinfo reader resumes between 4 KiB chunks.
    var slabinfoResume: SlabinfoResume = .position
    /// What happens to a memcg's LRU pages at offline.
    public var offlinePages: OfflinePages = .none
    /// Which caches accounted kmalloc() allocates from.
    var kmallocAccounted: KmallocAccounted = .separateCaches
    /// Which release's keys memory.stat and memory.numa_stat print.
    public var memoryStat: MemoryStatTable = .v6_12

    public init() {}

    /// Every knob, in the order `memcg designs` prints them.
    public static let knobs: [DesignKnob] = [
        DesignKnob("memcgIDRelease", "when a memcg's 16-bit ID is given back", \.memcgIDRelease),
        DesignKnob("memcgMetadata", "whether a memcg's own structures (struct mem_cgroup, per-node and per-CPU parts) are charged to its parent", \.memcgMetadata),
        DesignKnob("vmstat", "how per-CPU statistics are folded into memory.stat", \.vmstat),
        DesignKnob("chargeBatch", "pages a per-CPU charge stock takes from the page counter at once (MEMCG_CHARGE_BATCH)", \.chargeBatch),
        DesignKnob("listLRU", "how memcg-aware list_lrus allocate their per-memcg, per-node lists", \.listLRU),
        DesignKnob("shrinkerBitmap", "which shrinkers memcg reclaim calls (all, or those whose bit is set)", \.shrinkerBitmap),
        DesignKnob("shrinkerDeferred", "where memcg-aware shrinkers keep the scan work they deferred", \.shrinkerDeferred),
        DesignKnob("slabAccounting", "how accounted slab objects are charged: per-memcg child caches or per-object obj_cgroup", \.slabAccounting),
        DesignKnob("cacheTeardown", "how per-memcg slab caches are deactivated and destroyed at offline", \.cacheTeardown),
        DesignKnob("slabinfoResume", "where a /proc/slabinfo reader resumes after each 4 KiB chunk", \.slabinfoResume),
        DesignKnob("offlinePages", "what happens to a memcg's LRU pages when it goes offline: reparented with their charges, reparented as lists, spliced through objcg, or left pinning it", \.offlinePages),
        DesignKnob("kmallocAccounted", "which caches accounted kmalloc allocates from: the shared kmalloc-N or kmalloc-cg-N of its own", \.kmallocAccounted),
        DesignKnob("memoryStat", "which release's key table memory.stat and memory.numa_stat print (the counters are the same under every value)", \.memoryStat),
    ]

    public static func knob(named name: String) throws(DesignError) -> DesignKnob {
        guard let knob = knobs.first(where: { $0.name == name }) else {
            throw .unknownKnob(name, valid: knobs.map(\.name))
        }
        return knob
    }

    /// Sets one knob by name and value, as `--set KNOB=VALUE` does.
    public mutating func set(_ knobName: String, to value: String) throws(DesignError) {
        let knob = try Design.knob(named: knobName)
        guard knob.set(value, in: &self) else {
            throw .unknownValue(knob: knobName, value: value, valid: knob.values.map(\.name))
        }
    }

    /// Applies `KNOB=VALUE` settings in order; on error nothing is changed.
    public mutating func apply(settings: [String]) throws(DesignError) {
        var copy = self
        for setting in settings {
            guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
                throw .malformedSetting(setting)
            }
            try copy.set(String(setting[..<eq]), to: String(setting[setting.index(after: eq)...]))
        }
        self = copy
    }

    /// Knob names and values in the canonical order.
    public var settings: [(knob: String, value: String)] {
        Design.knobs.map { ($0.name, $0.value(in: self)) }
    }
}
