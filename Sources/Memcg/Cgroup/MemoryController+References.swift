extension MemoryController {
    /// css_get: takes `count` references on a cgroup that is not freed.
    /// Inlined, so that the charge on every page fault pays a compare and
    /// an add; the report of a misuse stays out of line.
    @inline(__always)
    public func get(_ memcg: MemCgroup, _ count: Int = 1) {
        guard !memcg.state.isFreed, memcg.references > 0 else {
            refuseGet(memcg)
            return
        }
        memcg.references += count
    }

    @inline(never)
    private func refuseGet(_ memcg: MemCgroup) {
        report(ModelViolation("use-after-free", "reference taken on \(memcg.state.name) cgroup #\(memcg.serial) \(memcg.path)"))
    }

    /// css_put: drops `count` references. Dropping more than are held is a
    /// model violation and is refused; the last one starts the release.
    public func put(_ memcg: MemCgroup, _ count: Int = 1) {
        guard count <= memcg.references else {
            report(ModelViolation("refcount-underflow", "put of \(count) on cgroup #\(memcg.serial) \(memcg.path) holding \(memcg.references)"))
            return
        }
        memcg.references -= count
        if let hook = dyingReferenceDropped, memcg.state.isKilledOrDying { hook(memcg) }
        guard memcg.references == 0 else { return }
        guard memcg.state.isOffline else {
            report(ModelViolation("refcount-underflow", "last reference of \(memcg.state.name) cgroup \(memcg.path) dropped before its offline ended"))
            memcg.references = 1
            return
        }
        release(memcg)
    }

    /// css_get on behalf of a subsystem that declares the reference (a
    /// slab cache, an objcg, a queued work item): counted in
    /// `externalReferences` so the invariant checker can match it.
    func getExternal(_ memcg: MemCgroup) {
        get(memcg)
        memcg.externalReferences += 1
    }

    /// css_put of a reference taken with `getExternal`.
    func putExternal(_ memcg: MemCgroup) {
        guard memcg.externalReferences > 0 else {
            report(ModelViolation("refcount-underflow", "external reference put on cgroup #\(memcg.serial) \(memcg.path) holding none"))
            return
        }
        memcg.externalReferences -= 1
        put(memcg)
    }
}
