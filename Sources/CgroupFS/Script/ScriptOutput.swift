/// How `memcg script` prints what it reads.
public enum ScriptOutputFormat: Sendable, Equatable {
    /// File contents as they read, `pid N` for `run --keep`, the time for `time`.
    case text
    /// JSON Lines: one object per `cat`, `expect`, `time` and `run --keep`,
    /// each with the script line's number and text.
    case json
}
