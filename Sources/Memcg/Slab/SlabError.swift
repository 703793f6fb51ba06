/// Why a slab cache could not be created or destroyed: the cases in which
/// `kmem_cache_create()` returns NULL or `kmem_cache_destroy()` complains.
package enum SlabError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The cache ID names no live cache (never existed or already destroyed).
    case unknownCache(SlabCacheID)
    /// The cache still has allocated objects; the kernel reports "Slab cache
    /// still has objects" and leaks the cache.
    case cacheBusy(name: String, activeObjects: Int)
    /// An argument is out of range (object size, alignment, name).
    case invalidArgument(String)

    package var description: String {
        switch self {
        case .unknownCache(let id):
            return "no live slab cache \(id)"
        case .cacheBusy(let name, let active):
            return "slab cache \(name) still has \(active) objects"
        case .invalidArgument(let message):
            return message
        }
    }
}
