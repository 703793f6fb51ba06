/// Where a memcg's items go on every list_lru of its controller: the
/// kernel's `memcg->kmemcg_id` as list_lru reads it, cached for the add and
/// delete paths.
///
/// The value sits behind a pointer held by a `let`, so reading it costs
/// no dynamic exclusivity check (a stored `var` of the memcg would, on
/// every add and every delete).
final class MemcgListLRUKey {
    struct Value {
        /// The memcg's index in the list_lrus (cache ID under eager, memcg
        /// ID under lazy), -1 if it has none (the root, or reparented), or
        /// `unknown` until first read.
        var key: Int32 = MemcgListLRUKey.unknown
        /// Set by the offline step once the memcg's items moved to its parent.
        var reparented = false
    }

    static let unknown = Int32.min

    let pointer: UnsafeMutablePointer<Value>

    init() {
        pointer = .allocate(capacity: 1)
        pointer.initialize(to: Value())
    }

    deinit {
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}
