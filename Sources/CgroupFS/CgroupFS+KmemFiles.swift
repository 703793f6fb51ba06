import Memcg

// The slab files: /proc/slabinfo, and memory.kmem.slabinfo, which this
// filesystem does not have. /proc/slabinfo is procfs, so it is handled here,
// before the control-file table. memory.kmem.slabinfo is one of the memory
// controller's cgroup v1 files (mem_cgroup_legacy_files in mm/memcontrol.c,
// with every other memory.kmem.* file); cgroup v2's memory files
// (memory_files) never had it, and the model mounts the memory controller on
// cgroup v2, as a host booted by systemd does, under every preset. A
// controller is bound to one hierarchy at a time, so no preset shows it
// beside the v2 files. What the v1 file printed per era stays in the
// library (`KmemAccounting.slabinfoText(of:)`).

extension CgroupFS {
    /// The path of the slab cache listing.
    public static let procSlabinfoPath = "/proc/slabinfo"
    /// The cgroup v1 per-memcg cache listing, absent from cgroup v2.
    public static let kmemSlabinfoFile = "memory.kmem.slabinfo"

    /// The text of a slab file, or nil if `path` names none.
    func readKmemFile(_ path: String) throws(MemcgError) -> String? {
        if path == Self.procSlabinfoPath { return controller.kmem.slabinfoText() }
        try rejectLegacyKmemFile(path)
        return nil
    }

    /// /proc/slabinfo is read-only (mode 0400 / 0444 without tunables).
    func rejectKmemFileWrite(_ path: String) throws(MemcgError) {
        if path == Self.procSlabinfoPath {
            throw MemcgError(.EACCES, "\(path) is read-only in the model (slabinfo tunables are not modelled)")
        }
        try rejectLegacyKmemFile(path)
    }

    /// A memory.kmem.* file of an existing cgroup: ENOENT, saying why.
    private func rejectLegacyKmemFile(_ path: String) throws(MemcgError) {
        guard let slash = path.lastIndex(of: "/"), path[path.index(after: slash)...].hasPrefix("memory.kmem.") else { return }
        let dir = slash == path.startIndex ? "/" : String(path[..<slash])
        _ = try controller.lookup(dir)
        throw MemcgError(.ENOENT, "no file \(UserText.quoted(path)): memory.kmem.* are cgroup v1 files (mem_cgroup_legacy_files) and the model mounts the memory controller on cgroup v2; per-memcg caches are counted in their root caches' lines of /proc/slabinfo")
    }
}
