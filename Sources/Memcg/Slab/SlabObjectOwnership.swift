/// Where an allocated object lives and whom it is tagged for: the three
/// things a slab free hook reads from the object's slab.
package struct SlabObjectOwnership: Hashable, Sendable {
    package let cache: SlabCacheID
    package let node: Int
    /// The object's owner tag (an objcg), 0 if none.
    package let tag: UInt32
}
