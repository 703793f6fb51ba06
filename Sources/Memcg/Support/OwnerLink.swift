/// A reference to an object that the object itself clears in its `deinit`:
/// what a `weak` capture gives (nil once the object is gone) for closures
/// that may outlive it, such as RCU callbacks and periodic timers held by
/// the kernel. A `weak` reference would give the object a side table,
/// which moves every retain and release of it to the runtime's slow path;
/// hot objects use this instead.
///
/// A closure that captures only the link (strongly) also needs no context
/// allocation of its own.
final class OwnerLink<Owner: AnyObject> {
    /// The owner, until its `deinit` sets this to nil.
    unowned(unsafe) var owner: Owner?

    init(_ owner: Owner? = nil) {
        self.owner = owner
    }
}
