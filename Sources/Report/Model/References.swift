/// The published figures the report compares the model with, each with
/// where it was published. Values are as stated by the source; where a
/// source gives MB from `free` or a formula, the unit conversion is the
/// only arithmetic done here, and the `stated` text keeps the original.
enum References {
    static let MiB = 1_048_576.0
    static let GiB = 1_073_741_824.0

    // MARK: Seed 002: list_lru

    static let muchunShrink = Citation(
        author: "Muchun Song", title: "[PATCH 0/9] Shrink the list lru size on memory cgroup removal",
        date: "28 Apr 2021", url: "https://lore.kernel.org/linux-fsdevel/20210428094949.43579-1-songmuchun@bytedance.com/")
    static let muchunOptimize = Citation(
        author: "Muchun Song", title: "[PATCH v3 00/76] Optimize list lru memory consumption",
        date: "14 Sep 2021", url: "https://lore.kernel.org/all/20210914072938.6440-1-songmuchun@bytedance.com/")

    /// The thread's host: 24,574 memcg cache IDs, 952 superblocks with two
    /// list_lrus each, 4 nodes, 32 bytes a list: "952 * 2 * 3 MB (~5.6GB)".
    static let listLRUThreadHost = Reference(
        id: "002-host", what: "kmalloc-32 taken by list_lru_one lists on the thread's host",
        value: 5.6 * GiB, unit: .bytes, stated: "~5.6 GB (952 x 2 x 3 MB; kmalloc-32 seen above 6 GB)",
        check: .approximately(tolerance: 0.10), citation: muchunShrink)

    /// The series' own test: 10k memcgs, 10k mounts, 2 nodes, memory in use
    /// per `free` before the series and after its last list_lru patch.
    static let listLRUSeriesBefore = Reference(
        id: "002-before", what: "memory in use (free) with 10k memcgs and 10k mounts, 2 nodes, before the series",
        value: 24_464 * MiB, unit: .bytes, stated: "24,464 MB", check: .context, citation: muchunOptimize)
    static let listLRUSeriesAfter = Reference(
        id: "002-after", what: "the same after the series (lazy lists in an xarray)",
        value: 4_367 * MiB, unit: .bytes, stated: "4,367 MB", check: .context, citation: muchunOptimize)
    /// What the series saved: the difference of the two figures above,
    /// which the model's list_lru saving is compared with.
    static let listLRUSeriesSaving = Reference(
        id: "002-saved", what: "memory the series saved in that test (24,464 MB - 4,367 MB)",
        value: (24_464 - 4_367) * MiB, unit: .bytes, stated: "20,097 MB (24,464 - 4,367 MB)",
        check: .approximately(tolerance: 0.15), citation: muchunOptimize)

    // MARK: Seeds 000/001: per-memcg cache teardown

    static let tejunScalability = Citation(
        author: "Tejun Heo", title: "[PATCHSET v3] slab: make memcg slab destruction scalable",
        date: "17 Jan 2017", url: "https://lore.kernel.org/lkml/20170117235411.9408-1-tj@kernel.org/")

    /// "Can easily keep running for half a day" for hundreds of thousands of caches.
    static let teardownHalfADay = Reference(
        id: "001-halfday", what: "destroying hundreds of thousands of caches under the O(N^2) synchronous code",
        value: 43_200, unit: .seconds, stated: "\"half a day\" (43,200 s)",
        check: .withinFactor(3), citation: tejunScalability)
    /// "The current code is O(N^2) on the total number of caches."
    static let teardownQuadratic = Reference(
        id: "001-quadratic", what: "growth of the legacy teardown's cost with the number of caches",
        value: 2, unit: .exponent, stated: "O(N^2): exponent 2",
        check: .approximately(tolerance: 0.15), citation: tejunScalability)
    /// The series' aim: walks only of the lists that matter, linear in N.
    static let teardownLinear = Reference(
        id: "001-linear", what: "growth after the series (root, per-memcg lists; batched barrier)",
        value: 1, unit: .exponent, stated: "O(N): exponent 1",
        check: .approximately(tolerance: 0.15), citation: tejunScalability)

    // MARK: Seed 004: vmstat drift

    static let romanFlush = Citation(
        author: "Roman Gushchin", title: "[PATCH v2] mm: memcg/slab: fix percpu slab vmstats flushing",
        date: "19 Dec 2019", url: "https://lore.kernel.org/lkml/20191220042728.1045881-1-guro@fb.com/")

    /// "The error is capped by 32 * NR_CPUS pages per dying cgroup": at
    /// the end of the run no child is dying, so the bound is one cgroup's.
    static func driftBound(cpus: Int) -> Reference {
        Reference(id: "004-bound", what: "the parent's slab counter error with no dying child left",
                  value: Double(32 * cpus), unit: .pages, stated: "32 x NR_CPUS = \(32 * cpus) pages at \(cpus) CPUs",
                  check: .atMost, citation: romanFlush)
    }

    // MARK: objcg (5.9)

    static let romanObjcgRFC = Citation(
        author: "Roman Gushchin", title: "[PATCH RFC 00/14] The new slab memory controller",
        date: "5 Sep 2019", url: "https://lore.kernel.org/linux-mm/20190905214553.1643060-1-guro@fb.com/")
    static let romanObjcgV6 = Citation(
        author: "Roman Gushchin", title: "[PATCH v6 00/19] The new cgroup slab memory controller",
        date: "8 Jun 2020", url: "https://lore.kernel.org/linux-mm/20200608230654.828134-1-guro@fb.com/")

    /// Production hosts: web frontend ~42 %, database cache ~35 %, DNS ~36 %
    /// of slab memory saved.
    static let objcgSaving = Reference(
        id: "objcg-saved", what: "slab memory saved on production hosts (web frontend, database cache, DNS server)",
        value: 38.5, unit: .percent, stated: "35-42 % (~42 %, ~35 %, ~36 %)",
        check: .range(low: 35, high: 42, tolerance: 0), citation: romanObjcgRFC)
    /// "In most cases it was between 45% and 65%": slab utilisation with
    /// per-memcg caches, estimated with drgn on production hosts.
    static let perMemcgUtilization = Reference(
        id: "objcg-util", what: "slab utilisation with per-memcg caches on production hosts",
        value: 55, unit: .percent, stated: "45-65 % in most cases",
        check: .range(low: 45, high: 65, tolerance: 0), citation: romanObjcgRFC)
    static let objcgUpTo = Reference(
        id: "objcg-v6", what: "slab utilisation gained, as the series' final cover letter puts it",
        value: 45, unit: .percent, stated: "up to 45 %", check: .context, citation: romanObjcgV6)

    // MARK: Dying cgroups

    static let romanReparent = Citation(
        author: "Roman Gushchin", title: "[PATCH v5 0/7] mm: reparent slab memory on cgroup removal",
        date: "21 May 2019", url: "https://lore.kernel.org/linux-mm/20190521200735.2603003-1-guro@fb.com/")

    /// The series' table: average dying cgroups on web-frontend hosts over
    /// a week, without and with slab reparenting, and the memory between them.
    static let dyingOriginal = Reference(
        id: "dying-original", what: "average dying cgroups on production web-frontend hosts after 7 days, without slab reparenting",
        value: 1_560, unit: .count, stated: "56, 362, 628, 752, 1,070, 1,250, 1,490, 1,560 on days 0-7",
        check: .context, citation: romanReparent)
    static let dyingPatched = Reference(
        id: "dying-patched", what: "the same with slab memory reparented at cgroup removal (5.3)",
        value: 69, unit: .count, stated: "23, 46, 51, 55, 60, 57, 67, 69 on days 0-7",
        check: .context, citation: romanReparent)
    static let dyingMemory = Reference(
        id: "dying-memory", what: "slab and percpu memory the unpatched hosts used beyond the patched ones after 7 days",
        value: 241 * MiB, unit: .bytes, stated: "241 MB (22 MB on day 0)", check: .context, citation: romanReparent)
}
