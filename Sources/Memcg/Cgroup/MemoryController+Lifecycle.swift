import KernelSim

extension MemoryController {
    /// The longest cgroup name the kernel accepts (NAME_MAX).
    static let maxNameLength = 255

    /// Finds a live cgroup by its path (`/`, `/a`, `/a/b`).
    public func lookup(_ path: String) throws(MemcgError) -> MemCgroup {
        try lookup(path[...])
    }

    /// Walks the path's components on its UTF-8 bytes, in place: a lookup
    /// is on every control-file access, mkdir and rmdir, and walking by
    /// Characters (grapheme breaking) cost more than the rest of a mkdir.
    func lookup(_ path: Substring) throws(MemcgError) -> MemCgroup {
        let bytes = path.utf8
        guard bytes.first == Self.slash else {
            throw MemcgError(.EINVAL, "cgroup path '\(path)' must start with /")
        }
        var node = root
        var start = bytes.startIndex
        while true {
            while start != bytes.endIndex, bytes[start] == Self.slash { bytes.formIndex(after: &start) }
            if start == bytes.endIndex { return node }
            var end = start
            while end != bytes.endIndex, bytes[end] != Self.slash { bytes.formIndex(after: &end) }
            guard let child = node.children[CgroupName(path[start..<end])] else {
                throw MemcgError(.ENOENT, "no cgroup \(path)")
            }
            node = child
            start = end
        }
    }

    /// mkdir: creates an online cgroup under a live parent.
    @discardableResult
    public func mkdir(_ path: String) throws(MemcgError) -> MemCgroup {
        let (parentPath, leaf) = Self.split(path)
        let parent = try lookup(parentPath)
        let name = String(leaf)
        try validate(name: name)
        guard parent.children[CgroupName(name)] == nil else {
            throw MemcgError(.EEXIST, "cgroup \(path) already exists")
        }
        guard !kernel.shouldFail(FaultPoints.cssAlloc.name) else {
            throw MemcgError(.ENOMEM, "allocating the memcg for \(path) failed (injected)")
        }
        guard let id = memcgIDs.allocate() else {
            throw MemcgError(.ENOSPC, "all \(memcgIDs.range.upperBound) memcg IDs are in use (\(lifetime.created - lifetime.freed) cgroups not yet freed)")
        }
        let memcg = MemCgroup(name: name, parent: parent, serial: nextSerial, id: id,
                              statsSlot: stats.addCgroup(parent: parent.statsSlot))
        do {
            try kmemcgIDAssignment.onlined(memcg, in: self)
        } catch {
            stats.cgroupFreed(memcg.statsSlot)
            releaseID(memcg)
            throw error
        }
        do {
            try metadataCharging.allocated(memcg, under: parent, in: self)
        } catch {
            kmemcgIDAssignment.offlined(memcg, in: self)
            stats.cgroupFreed(memcg.statsSlot)
            releaseID(memcg)
            throw error
        }
        nextSerial += 1
        registry.append(memcg)
        addOnline(memcg)
        parent.children[CgroupName(name)] = memcg
        for ancestor in parent.selfAndAncestors { ancestor.liveDescendants += 1 }
        get(parent)  // a child pins its parent until it is freed
        lifetime.created += 1
        return memcg
    }

    /// rmdir: takes a cgroup out of the hierarchy and starts its offline.
    /// The cgroup stays dying until its last reference is dropped.
    public func rmdir(_ path: String) throws(MemcgError) {
        let memcg = try lookup(path)
        guard let parent = memcg.parent else {
            throw MemcgError(.EBUSY, "the root cgroup cannot be removed")
        }
        guard memcg.children.isEmpty else {
            throw MemcgError(.EBUSY, "\(path) has live child cgroups")
        }
        guard memcg.taskCount == 0 else {
            throw MemcgError(.EBUSY, "\(path) has \(memcg.taskCount) attached task(s)")
        }
        removeOnline(memcg)
        transition(memcg, to: .killed)
        memcg.removedAt = kernel.now
        parent.children[CgroupName(memcg.name)] = nil
        // cgroup_destroy_locked counts the cgroup dying, and kill_css its
        // memory css (from rmdir's context since 13e786b64bd3; 6.11 to 7.0
        // counted the css at offline_css, in the worker, so a read right
        // after rmdir could miss it).
        for ancestor in parent.selfAndAncestors {
            ancestor.liveDescendants -= 1
            ancestor.dyingDescendants += 1
            ancestor.dyingSubsysMemory += 1
        }
        // The kill of the base reference is confirmed after a grace period;
        // the offline then runs as a work item under cgroup_mutex.
        kernel.callRCU { [unowned self] in
            self.destroyWorkqueue.queueAsync("css_killed_work_fn") { done in
                self.cgroupMutex.lock(owner: "offline \(memcg.path)") {
                    self.lifetime.offlined += 1
                    self.stats.cgroupOffline(memcg.statsSlot)
                    self.runOffline(memcg, fromStep: 0, then: done)
                }
            }
        }
    }

    /// Runs until cgroup_mutex is free, as a mkdir or rmdir from user space
    /// would sleep until it is. Returns false if it stayed held.
    @discardableResult
    public func waitForCgroupMutex(maxEvents: UInt64 = 100_000_000) -> Bool {
        var ran: UInt64 = 0
        while cgroupMutex.isLocked, ran < maxEvents, kernel.step() { ran += 1 }
        return !cgroupMutex.isLocked
    }

    /// Runs the registered offline steps in order, each when the one before
    /// has called its continuation (which may be many events later), then
    /// the controller's own offline work.
    private func runOffline(_ memcg: MemCgroup, fromStep index: Int, then workDone: @escaping () -> Void) {
        guard index < offlineSteps.count else {
            drainStocks(caching: memcg)
            kmemcgIDAssignment.offlined(memcg, in: self)
            // mem_cgroup_css_offline drops the online state's ID reference;
            // swap entries recorded with the ID keep it.
            idLifetime.offlined(memcg, in: self)
            cgroupMutex.unlock()
            // offline_css is done; css_killed_work_fn puts the base reference.
            transition(memcg, to: .dying)
            put(memcg)
            workDone()
            return
        }
        offlineSteps[index].run(memcg) { [unowned self] in
            self.runOffline(memcg, fromStep: index + 1, then: workDone)
        }
    }

    /// `mem_cgroup_id_remove()`: gives the memcg ID back to the allocator.
    /// An ID is removed once: removing it again is a model violation,
    /// recorded and refused.
    func releaseID(_ memcg: MemCgroup) {
        guard let id = memcg.removeID() else {
            report(ModelViolation("lifecycle", "memcg ID of cgroup \(memcg.path) #\(memcg.serial) moved from \(memcg.idState.name) to removed"))
            return
        }
        memcgIDs.release(id)
    }

    /// The memcg itself if its ID is alive, else its nearest ancestor
    /// whose ID is (the root's always is): whom a swap entry is recorded
    /// against (`mem_cgroup_id_get_online`).
    func nearestWithLiveID(_ memcg: MemCgroup) -> MemCgroup {
        var node = memcg
        while case .removed = node.idState, let parent = node.parent { node = parent }
        return node
    }

    /// `mem_cgroup_id_get_many`: a swap entry records the memcg's ID.
    func getID(_ memcg: MemCgroup, _ count: Int = 1) {
        guard memcg.idReferences > 0 else {
            report(ModelViolation("ids", "ID reference taken on cgroup #\(memcg.serial) \(memcg.path) whose ID was released"))
            return
        }
        memcg.idReferences += count
    }

    /// `mem_cgroup_id_put_many`: under `atOffline` the last reference gives
    /// the ID back (`mem_cgroup_id_remove`); under `atRelease` the ID
    /// stays until the memcg is freed, whatever holds it.
    func putID(_ memcg: MemCgroup, _ count: Int = 1) {
        guard count <= memcg.idReferences else {
            report(ModelViolation("ids", "ID reference put \(count) on cgroup #\(memcg.serial) \(memcg.path) holding \(memcg.idReferences)"))
            return
        }
        memcg.idReferences -= count
        if memcg.idReferences == 0 { idLifetime.lastIDReferenceDropped(memcg, in: self) }
    }

    /// The last reference is gone: css_release, then css_free after a grace period.
    func release(_ memcg: MemCgroup) {
        destroyWorkqueue.queueAsync("css_release_work_fn") { [unowned self] done in
            self.cgroupMutex.lock(owner: "release \(memcg.path)") {
                self.transition(memcg, to: .released)
                self.lifetime.released += 1
                // css_release_work_fn of the memory css.
                var ancestor = memcg.parent
                while let node = ancestor {
                    node.dyingSubsysMemory -= 1
                    ancestor = node.parent
                }
                for step in self.releaseSteps { step.run(memcg) }
                self.cgroupMutex.unlock()
                done()
                self.kernel.callRCU { self.queueFree(memcg) }
            }
        }
    }

    /// css_free_rwork_fn: the free steps, then the memcg is freed. With no
    /// free step registered the item does not block.
    private func queueFree(_ memcg: MemCgroup) {
        guard !freeSteps.isEmpty else {
            destroyWorkqueue.queue("css_free_rwork_fn") { self.free(memcg) }
            return
        }
        destroyWorkqueue.queueAsync("css_free_rwork_fn") { [unowned self] done in
            self.runFreeSteps(memcg, from: 0) {
                self.free(memcg)
                done()
            }
        }
    }

    private func runFreeSteps(_ memcg: MemCgroup, from index: Int, then finished: @escaping () -> Void) {
        guard index < freeSteps.count else { finished(); return }
        freeSteps[index].run(memcg) { [unowned self] in self.runFreeSteps(memcg, from: index + 1, then: finished) }
    }

    private func free(_ memcg: MemCgroup) {
        idLifetime.freed(memcg, in: self)
        if let parent = memcg.parent {
            metadataCharging.freed(memcg, from: parent, in: self)
            stats.cgroupFreed(memcg.statsSlot)
            transition(memcg, to: .freed)
            // css_free_rwork_fn puts the cgroup, whose own release
            // (css_release_work_fn of cgroup->self) ends its dying count.
            for ancestor in parent.selfAndAncestors { ancestor.dyingDescendants -= 1 }
            unregister(memcg)
            lifetime.freed += 1
            put(parent)
        }
    }

    static let slash = UInt8(ascii: "/")

    /// Splits a path into its parent's path and its last component, on the
    /// UTF-8 bytes. Trailing slashes are ignored; a path without a slash
    /// has an empty parent (which `lookup` rejects).
    static func split(_ path: String) -> (parent: Substring, name: Substring) {
        let bytes = path.utf8
        var end = bytes.endIndex
        while end != bytes.startIndex {
            let last = bytes.index(before: end)
            guard last != bytes.startIndex, bytes[last] == slash else { break }
            end = last
        }
        guard let separator = bytes[..<end].lastIndex(of: slash) else { return ("", path[..<end]) }
        let parent = separator == bytes.startIndex ? path[...separator] : path[..<separator]
        return (parent, path[bytes.index(after: separator)..<end])
    }

    func validate(name: String) throws(MemcgError) {
        guard !name.isEmpty, name != ".", name != ".." else {
            throw MemcgError(.EINVAL, "'\(name)' is not a valid cgroup name")
        }
        // cgroup_mkdir refuses a newline (it would break /proc/PID/cgroup);
        // a NUL cannot be in a path the kernel is given at all (a C string
        // ends there), so the model refuses it rather than cut the name.
        guard !name.utf8.contains(UInt8(ascii: "\n")) else {
            throw MemcgError(.EINVAL, "cgroup names cannot contain a newline")
        }
        guard !name.utf8.contains(0) else {
            throw MemcgError(.EINVAL, "cgroup names cannot contain a NUL byte (paths are C strings)")
        }
        guard name.utf8.count <= Self.maxNameLength else {
            throw MemcgError(.ENAMETOOLONG, "cgroup name is longer than \(Self.maxNameLength) bytes")
        }
        guard !reservedNames.contains(name) else {
            throw MemcgError(.EEXIST, "'\(name)' is a control file")
        }
    }
}
