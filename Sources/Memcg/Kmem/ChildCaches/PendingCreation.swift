/// A queued child-cache creation: which root, for which memcg.
struct PendingCreation: Hashable {
    let rootSlot: Int
    let memcgSerial: UInt64
}
