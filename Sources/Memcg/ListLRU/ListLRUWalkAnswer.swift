/// What an isolate callback tells a list_lru walk to do with the item it
/// was shown: the kernel's `enum lru_status`.
package enum ListLRUWalkAnswer: Sendable, Hashable {
    /// Take the item off the list (`LRU_REMOVED`): it is freed or in use.
    case removed
    /// Taken off, but the callback dropped the list lock, so the walk
    /// starts again from the head (`LRU_REMOVED_RETRY`).
    case removedRetry
    /// Recently used: move it to the tail and go on (`LRU_ROTATE`).
    case rotate
    /// Leave it where it is and go on (`LRU_SKIP`), e.g. its lock was busy.
    case skip
    /// Leave it; the lock was dropped, so start again from the head
    /// (`LRU_RETRY`). Each visit still costs one unit of the walk's budget,
    /// so a walk cannot livelock.
    case retry
}
