package import Memcg

// Open control files and the per-handle memory.peak / memory.swap.peak of
// 6.12 (mm/memcontrol.c: peak_open, peak_show, peak_write, peak_release,
// from c6f53ed8f213 "mm, memcg: cg2 memory{.swap,}.peak write handlers").
//
// A counter keeps, beside its all-time `watermark`, a `local_watermark`
// that charges raise and a write resets to the current usage. A handle
// that never wrote reads the all-time peak; one that wrote reads the
// larger of its own value and the local watermark. A write sets the local
// watermark to the usage, raises every other writer's value to that usage
// (so that their view does not fall below it), registers the writer, and
// sets its value to the usage. As in the kernel, a writer's view can lose
// a peak reached since its own write when another handle resets the local
// watermark after usage fell: only the usage at that reset is kept for it.

extension CgroupFS {
    /// open(2) of a control file. The file must exist; a write-only file
    /// (memory.reclaim) opens too.
    package func open(_ path: String) throws(MemcgError) -> OpenFile {
        if let (memcg, counter) = try peakFile(path) {
            spend(kernel.costs.controlFileAccess)
            return OpenFile(path: path, peak: (memcg, counter))
        }
        do {
            _ = try read(path)
        } catch where error.errno == .EACCES {
            // The file is there but cannot be read: opened for writing.
        }
        return OpenFile(path: path, peak: nil)
    }

    /// read(2) through a handle.
    package func read(_ handle: OpenFile) throws(MemcgError) -> String {
        guard handle.isOpen else { throw MemcgError(.EBADF, "\(handle.path) was closed") }
        guard let (memcg, counter) = handle.peak else { return try read(handle.path) }
        defer { spend(kernel.costs.controlFileAccess) }
        // A removed cgroup's files answer ENODEV to a handle still open on them.
        guard memcg.isOnline else { throw MemcgError(.ENODEV, "\(handle.path): the cgroup was removed") }
        let (watermark, local) = peaks(memcg, counter)
        let pages = handle.peakValue.map { Swift.max($0, local) } ?? watermark
        return "\(pages * PageSize.bytes)\n"
    }

    /// write(2) through a handle: on a peak file, the reset of `peak_write`
    /// (the value is not parsed; an empty write does nothing); elsewhere
    /// the file's own write.
    package func write(_ handle: OpenFile, _ value: String) throws(MemcgError) {
        guard handle.isOpen else { throw MemcgError(.EBADF, "\(handle.path) was closed") }
        guard let (memcg, counter) = handle.peak else { return try write(handle.path, value) }
        defer { spend(kernel.costs.controlFileAccess) }
        guard memcg.isOnline else { throw MemcgError(.ENODEV, "\(handle.path): the cgroup was removed") }
        guard !value.isEmpty else { return }
        resetPeak(memcg, counter, writer: handle)
    }

    /// close(2): the handle leaves its cgroup's peak watchers (`peak_release`).
    package func close(_ handle: OpenFile) {
        guard handle.isOpen else { return }
        handle.isOpen = false
        peakWatchers.removeAll { $0 === handle }
    }

    /// A write to a peak file through a handle, or through an open, write
    /// and close (`writer` nil: nothing stays registered).
    func resetPeak(_ memcg: MemCgroup, _ counter: OpenFile.PeakCounter, writer: OpenFile?) {
        let usage: Int
        switch counter {
        case .memory: usage = controller.resetLocalPeak(memcg)
        case .swap: usage = controller.resetSwapLocalPeak(memcg)
        }
        for peer in peakWatchers where peer.peak?.memcg === memcg && peer.peak?.counter == counter {
            if usage > peer.peakValue ?? 0 { peer.peakValue = usage }
        }
        guard let writer else { return }
        if writer.peakValue == nil { peakWatchers.append(writer) }
        writer.peakValue = usage
    }

    /// The cgroup and counter of a memory.peak or memory.swap.peak path.
    func peakFile(_ path: String) throws(MemcgError) -> (MemCgroup, OpenFile.PeakCounter)? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let counter: OpenFile.PeakCounter
        switch path[path.index(after: slash)...] {
        case ControlFile.memoryPeak.rawValue: counter = .memory
        case PageFile.memorySwapPeak.rawValue: counter = .swap
        default: return nil
        }
        let memcg = try controller.lookup(slash == path.startIndex ? "/" : String(path[..<slash]))
        guard !memcg.isRoot else { throw MemcgError(.ENOENT, "no file \(UserText.quoted(path))") }
        return (memcg, counter)
    }

    private func peaks(_ memcg: MemCgroup, _ counter: OpenFile.PeakCounter) -> (watermark: Int, local: Int) {
        switch counter {
        case .memory: return (memcg.memory.watermark, memcg.memory.localWatermark)
        case .swap: return (memcg.pageState?.swapPeak ?? 0, memcg.pageState?.swapLocalPeak ?? 0)
        }
    }
}
