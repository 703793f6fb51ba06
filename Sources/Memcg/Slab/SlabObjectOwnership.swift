/// Where an allocated object lives and whom it is tagged for: the three
/// things a slab free hook reads from the object's slab.
public struct SlabObjectOwnership: Hashable, Sendable {
    public let cache: SlabCacheID
    public let node: Int
    /// The object's owner tag (an objcg), 0 if none.
    public let tag: UInt32
}
