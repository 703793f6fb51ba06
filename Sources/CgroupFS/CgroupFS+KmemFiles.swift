import Memcg

// The slab files: /proc/slabinfo and the per-cgroup memory.kmem.slabinfo.
// They are not cgroup v2 control files (the first is procfs, the second a
// cgroup v1 file the kernel kept until 5.9 made it empty), so they are
// handled here, before the control-file table.

extension CgroupFS {
    /// The path of the slab cache listing.
    public static let procSlabinfoPath = "/proc/slabinfo"
    /// The per-cgroup listing of its own child caches.
    public static let kmemSlabinfoFile = "memory.kmem.slabinfo"

    /// Names a cgroup cannot take because a file in every cgroup has them.
    static let kmemFileNames: Set<String> = [kmemSlabinfoFile]

    /// The text of a slab file, or nil if `path` names none.
    func readKmemFile(_ path: String) throws(MemcgError) -> String? {
        if path == Self.procSlabinfoPath { return controller.kmem.slabinfoText() }
        guard let memcg = try kmemFileCgroup(path) else { return nil }
        return controller.kmem.slabinfoText(of: memcg)
    }

    /// Slab files are read-only (mode 0400 / 0444).
    func rejectKmemFileWrite(_ path: String) throws(MemcgError) {
        var isKmemFile = path == Self.procSlabinfoPath
        if !isKmemFile { isKmemFile = try kmemFileCgroup(path) != nil }
        if isKmemFile {
            throw MemcgError(.EACCES, "\(path) is read-only in the model (slabinfo tunables are not modelled)")
        }
    }

    private func kmemFileCgroup(_ path: String) throws(MemcgError) -> MemCgroup? {
        guard path.hasSuffix("/" + Self.kmemSlabinfoFile) else { return nil }
        let dir = String(path.dropLast(Self.kmemSlabinfoFile.count + 1))
        return try controller.lookup(dir.isEmpty ? "/" : dir)
    }
}
