/// Where a /proc/slabinfo reader resumes after each 4 KiB chunk.
public enum SlabinfoResume: String, DesignKnobValue {
    /// seq_file's way, in every kernel: walk the cache list again from the
    /// head to the entry count already read. A cache added or removed
    /// ahead of that position between two chunks makes the reader repeat
    /// or skip an entry, and each chunk costs a walk of that length.
    case position
    /// A model-only alternative: resume after the last cache printed, by
    /// its creation serial, so churn between chunks neither skips nor
    /// repeats an entry that existed throughout the read.
    case stableCursor

    public var summary: String {
        switch self {
        case .position: return "resume at the entry count read so far, walking from the list head (all kernels)"
        case .stableCursor: return "resume after the last cache printed, by creation serial (a model-only fix)"
        }
    }
}
