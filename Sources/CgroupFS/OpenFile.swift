import Memcg

/// An open control file (`kernfs_open_file`): a path opened once and read
/// or written through many times. On memory.peak and memory.swap.peak it
/// carries the per-handle peak of 6.12 (`struct cgroup_of_peak`).
package final class OpenFile {
    /// The counter a peak file shows.
    enum PeakCounter {
        case memory, swap
    }

    package let path: String
    /// For a peak file: its cgroup, its counter, and the handle's value:
    /// nil until the handle first writes (`OFP_PEAK_UNSET`), then the
    /// usage it last reset to, raised by other handles' resets.
    let peak: (memcg: MemCgroup, counter: PeakCounter)?
    var peakValue: Int?
    var isOpen = true

    init(path: String, peak: (memcg: MemCgroup, counter: PeakCounter)?) {
        self.path = path
        self.peak = peak
    }
}
