/// A named kernel release's design: what `--design v5.4` selects.
public struct Preset: Sendable {
    public let name: String
    /// What the preset models, in a sentence.
    public let summary: String
    /// Where the model of this release is simpler than the release.
    public let simplifications: [String]
    public let design: Design

    /// The preset used when none is named.
    public static let defaultName = "v6.12"

    /// Every preset, oldest first. Each release is the one before it plus
    /// the mechanisms that changed, so the list reads as the history.
    public static let all: [Preset] = {
        var presets: [Preset] = []
        var design = Design()
        func release(_ name: String, summary: String, simplifications: [String], _ changes: (inout Design) -> Void) {
            changes(&design)
            presets.append(Preset(name: name, summary: summary, simplifications: simplifications, design: design))
        }
        release(
            "v3.18",
            summary: "cgroup v1-era memcg: memcg IDs held until the memcg is freed",
            simplifications: [
                "only the cgroup v2 control files are modelled",
                "child caches are torn down as 4.2 to 4.9 did (deactivation at offline with a synchronize_sched per cache, destruction at css_free); 3.18 had no deactivation at offline",
                "the offline charge loop (mem_cgroup_reparent_charges) stops after 10,000 passes and is counted as abandoned; the kernel's could go round for ever",
                "each charged page holds a css reference as from 3.19; 3.18's pages did not pin their memcg",
                "cgroup v2's memory.stat came in 4.6 (587d9f726aae); the preset prints the earliest table the model has, that of 4.8 to 4.11",
            ]) {
            $0.listLRU = .eager
            $0.shrinkerBitmap = .callAll
            $0.shrinkerDeferred = .global
            $0.slabAccounting = .perMemcgCaches
            $0.cacheTeardown = .synchronous
            $0.memcgIDRelease = .atRelease
            $0.memcgMetadata = .unaccounted
            $0.vmstat = .readTimeSum
            $0.chargeBatch = .pages32
            $0.offlinePages = .reparentCharges
            $0.memoryStat = .v4_8
            $0.kmallocAccounted = .shared
        }
        release(
            "v4.10",
            summary: "per-memcg slab caches: one synchronize_sched per memcg at deactivation (89e364db71fb), destruction at css_free",
            simplifications: []) {
            $0.memcgIDRelease = .atOffline
            $0.cacheTeardown = .batched
            // 3.19 stopped reparenting pages at offline.
            $0.offlinePages = .none
        }
        release(
            "v4.11",
            summary: "per-memcg slab caches with the deferred, batched teardown from the slab scalability series",
            simplifications: []) {
            $0.cacheTeardown = .deferred
        }
        release(
            "v5.4",
            summary: "per-memcg caches reparented at offline (5.3); threshold-spilled vmstats with the offline flush that counted per-CPU values twice",
            simplifications: []) {
            $0.cacheTeardown = .reparented
            $0.vmstat = .thresholdSpillDoubleFlush
            $0.shrinkerBitmap = .bitmap
            $0.memoryStat = .v5_3
        }
        release(
            "v5.9",
            summary: "object-level slab accounting through obj_cgroup instead of per-memcg caches",
            simplifications: [
                "per-CPU obj stocks and slab statistics caching as in 5.14+; the 5.9 stock cached no statistics",
            ]) {
            $0.memoryStat = .v5_9
            $0.memcgMetadata = .chargedToParent
            $0.vmstat = .thresholdSpill
            $0.slabAccounting = .objcg
        }
        release(
            "v5.13",
            summary: "rstat-based memcg statistics",
            simplifications: [
                "the rstat flush threshold and periodic flush are those of 5.15-6.x (a read flushes past batch x CPUs pending updates; a 2 s periodic flush)",
            ]) {
            $0.vmstat = .rstat
            $0.shrinkerDeferred = .perMemcg
            $0.memoryStat = .v5_12
        }
        release(
            "v5.18",
            summary: "list_lru with per-memcg lists allocated lazily and freed at offline",
            simplifications: [
                "per-memcg list_lru structures have the 5.18 size; 6.13 added a lock to each list",
            ]) {
            $0.listLRU = .lazy
            // 5.14 gave accounted kmalloc caches of its own.
            $0.kmallocAccounted = .separateCaches
            $0.memoryStat = .v5_18
        }
        release(
            "v6.12",
            summary: "a current stable kernel: objcg, rstat, lazy list_lru, 64-page charge batch",
            simplifications: [
                "the classic active/inactive LRU lists are modelled; the multi-gen LRU (CONFIG_LRU_GEN) is not",
            ]) {
            $0.chargeBatch = .pages64
            $0.memoryStat = .v6_12
        }
        release(
            "next",
            summary: "mm-tree work: LRU pages reparented through objcg at offline (\"Eliminate Dying Memory Cgroup\") so dying memcgs are freed promptly",
            simplifications: [
                "the splice rewrites each page record's owner where the kernel retargets one objcg pointer; the lock hold is costed as the kernel's O(1) splice per list",
                "the splice is one step, so a page-to-lruvec lookup never races with it and the lookup's retry is never taken",
                "statistics that a dying memcg's swap entries update still go to the dying memcg, not to its first live ancestor",
                "the multi-gen LRU's generations are not modelled, so the splice has no generations to merge",
                "memory.stat and memory.numa_stat print 6.12's keys; later additions (pswpin, pswpout and hugetlb of 6.13, pgdemote_proactive, the per-node pgscan/pgsteal lines) are not printed",
            ]) {
            $0.offlinePages = .objcg
        }
        return presets
    }()

    public static func named(_ name: String) throws(DesignError) -> Preset {
        guard let preset = all.first(where: { $0.name == name }) else {
            throw .unknownPreset(name, valid: all.map(\.name))
        }
        return preset
    }
}

extension Design {
    /// A design built from the defaults by `body`, for writing presets.
    public static func with(_ body: (inout Design) -> Void) -> Design {
        var design = Design()
        body(&design)
        return design
    }
}
