import Memcg
import Workload

// The page-side control files: memory.min, memory.low, memory.reclaim,
// memory.oom.group, memory.swap.{current,max,peak,events}, and
// /proc/PID/oom_score_adj. Handled before the control-file table, in the
// kernel's formats; a bad write answers with the kernel's errno and
// changes nothing.

extension CgroupFS {
    enum PageFile: String, CaseIterable {
        case memoryMin = "memory.min"
        case memoryLow = "memory.low"
        case memoryReclaim = "memory.reclaim"
        case memoryOOMGroup = "memory.oom.group"
        case memorySwapCurrent = "memory.swap.current"
        case memorySwapMax = "memory.swap.max"
        case memorySwapPeak = "memory.swap.peak"
        case memorySwapEvents = "memory.swap.events"
    }

    /// Names a cgroup cannot take because a page-side file has them.
    static let pageFileNames = Set(PageFile.allCases.map(\.rawValue))

    /// The text of a page-side file, or nil if `path` names none.
    func readPageFile(_ path: String) throws(MemcgError) -> String? {
        if let pid = Self.oomScoreAdjPID(path) {
            return "\(try tasks.task(pid).oomScoreAdj)\n"
        }
        guard let (memcg, file) = try pageFile(path) else { return nil }
        let state = memcg.pageState
        switch file {
        case .memoryMin: return MemParse.limitText(pages: state?.min ?? 0) + "\n"
        case .memoryLow: return MemParse.limitText(pages: state?.low ?? 0) + "\n"
        case .memoryReclaim: throw MemcgError(.EACCES, "memory.reclaim is write-only")
        case .memoryOOMGroup: return (state?.oomGroup == true ? "1" : "0") + "\n"
        case .memorySwapCurrent: return "\((state?.swapPages ?? 0) * PageSize.bytes)\n"
        case .memorySwapMax: return MemParse.limitText(pages: state?.swapMax ?? .max) + "\n"
        case .memorySwapPeak: return "\((state?.swapPeak ?? 0) * PageSize.bytes)\n"
        case .memorySwapEvents:
            return SwapEvent.allCases.map { "\($0.key) \(state?.swapEvents[$0.rawValue] ?? 0)\n" }.joined()
        }
    }

    /// Writes a page-side file; false if `path` names none.
    func writePageFile(_ path: String, _ value: String) throws(MemcgError) -> Bool {
        let text = value.trimmingWhitespace()
        if let pid = Self.oomScoreAdjPID(path) {
            guard let adj = Int(text) else { throw MemcgError(.EINVAL, "oom_score_adj: expected an integer -1000...1000, got '\(text)'") }
            try tasks.setOOMScoreAdj(pid, adj)
            return true
        }
        guard let (memcg, file) = try pageFile(path) else { return false }
        switch file {
        case .memoryMin, .memoryLow, .memorySwapMax:
            guard let pages = MemParse.pages(text) else {
                throw MemcgError(.EINVAL, "\(file.rawValue): expected 'max' or a size such as 100M, got '\(text)'")
            }
            switch file {
            case .memoryMin: controller.setMin(memcg, pages: pages)
            case .memoryLow: controller.setLow(memcg, pages: pages)
            default: controller.setSwapMax(memcg, pages: pages)
            }
        case .memoryOOMGroup:
            guard let flag = Int(text), flag == 0 || flag == 1 else {
                throw MemcgError(.EINVAL, "memory.oom.group: expected 0 or 1, got '\(text)'")
            }
            controller.setOOMGroup(memcg, flag == 1)
        case .memoryReclaim:
            let (pages, swappiness) = try Self.parseReclaim(text)
            try controller.proactiveReclaim(memcg, pages: pages, swappiness: swappiness)
        case .memorySwapCurrent, .memorySwapPeak, .memorySwapEvents:
            throw MemcgError(.EACCES, "\(file.rawValue) is read-only")
        }
        return true
    }

    /// `memory_reclaim`'s input: a memparse size, then optional
    /// `swappiness=N` (0...200).
    static func parseReclaim(_ text: String) throws(MemcgError) -> (pages: Int, swappiness: Int?) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first, let bytes = MemParse.bytes(first), bytes < UInt64(Int.max) else {
            throw MemcgError(.EINVAL, "memory.reclaim: expected a size such as 100M, got '\(text)'")
        }
        var swappiness: Int?
        for word in words.dropFirst() {
            guard word.hasPrefix("swappiness="), let value = Int(word.dropFirst("swappiness=".count)), (0...200).contains(value), swappiness == nil else {
                throw MemcgError(.EINVAL, "memory.reclaim: unknown or bad option '\(word)'; expected swappiness=0...200")
            }
            swappiness = value
        }
        return (Int(bytes) / PageSize.bytes, swappiness)
    }

    private func pageFile(_ path: String) throws(MemcgError) -> (MemCgroup, PageFile)? {
        guard let slash = path.lastIndex(of: "/"), let file = PageFile(rawValue: String(path[path.index(after: slash)...])) else { return nil }
        let dir = slash == path.startIndex ? "/" : String(path[..<slash])
        let memcg = try controller.lookup(dir)
        guard !memcg.isRoot else { throw MemcgError(.ENOENT, "no file \(path)") }
        return (memcg, file)
    }

    /// The pid of a `/proc/PID/oom_score_adj` path.
    static func oomScoreAdjPID(_ path: String) -> Int? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == "proc", parts[3] == "oom_score_adj", let pid = Int(parts[2]), pid > 0 else { return nil }
        return pid
    }
}
