/// A handle to one allocated slab object: what a kernel pointer returned by
/// `kmem_cache_alloc()` / `kmalloc()` stands for in the model.
///
/// The kernel finds an object's slab from its address (`virt_to_slab`) and
/// the cache from the slab. The model packs the same path into 64 bits so
/// that hundreds of millions of handles fit in a flat `[UInt64]`:
///
/// ```
/// bits 63..32  slab record index (global across caches)
/// bits 31..16  generation of that slab record (catches stale handles)
/// bits 15..0   object slot within the slab
/// ```
///
/// The cache is not stored in the handle: the slab record names it, so a
/// per-memcg child cache costs no handle bits and the allocator can hold
/// any number of caches.
public struct SlabObject: Hashable, Sendable, CustomStringConvertible {
    /// The packed value, for callers that store handles compactly.
    public let rawValue: UInt64

    init(rawValue: UInt64) { self.rawValue = rawValue }

    init(slab: UInt32, generation: UInt16, slot: UInt16) {
        rawValue = UInt64(slab) << 32 | UInt64(generation) << 16 | UInt64(slot)
    }

    /// The slab record the object lives in.
    var slabIndex: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }
    /// Generation of the slab record when the object was allocated.
    var generation: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    /// Position of the object inside its slab.
    @inlinable
    public var slot: Int { Int(UInt16(truncatingIfNeeded: rawValue)) }

    public var description: String { "obj(slab \(slabIndex), slot \(slot))" }
}
