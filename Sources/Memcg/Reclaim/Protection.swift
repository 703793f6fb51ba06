// memory.min and memory.low: effective protection
// (`mem_cgroup_calculate_protection`, `effective_protection` in
// mm/page_counter.c), without the memory_recursiveprot mount option.

extension PageLRU {
    /// Sets memory.min or memory.low of a memcg, in pages.
    func setProtection(_ memcg: MemCgroup, min: Int? = nil, low: Int? = nil) {
        let state = state(memcg)
        if let min { state.min = min }
        if let low { state.low = low }
        protectionInUse = protectionInUse || state.min > 0 || state.low > 0
    }

    /// `effective_protection`: what a memcg's setting is worth given its
    /// parent's. Where the children together use more protection than the
    /// parent has, each gets a share in proportion to the protection it
    /// uses; otherwise what it uses of its own setting.
    static func effectiveProtection(usage: Int, setting: Int, parentEffective: Int, siblingsProtected: Int) -> Int {
        let protected = Swift.min(usage, setting)
        if siblingsProtected > parentEffective {
            return protected * parentEffective / siblingsProtected
        }
        return protected
    }

    /// `mem_cgroup_calculate_protection` for one memcg under the reclaim
    /// root: the root itself is never protected (not even from its own
    /// limit or memory.reclaim); its children take their settings as they
    /// are; deeper memcgs share what their parent effectively has.
    func calculateProtection(_ memcg: MemCgroup, root: MemCgroup) {
        guard protectionInUse, let state = memcg.lruState ?? (memcg === root ? nil : self.state(memcg)) else { return }
        guard memcg !== root else { return }
        let usage = memcg.memory.usage
        guard usage > 0 else {
            state.effectiveMin = 0
            state.effectiveLow = 0
            return
        }
        guard let parent = memcg.parent else { return }
        if parent === root {
            state.effectiveMin = state.min
            state.effectiveLow = state.low
            return
        }
        let parentState = self.state(parent)
        let siblings = childrenProtection(of: parent)
        state.effectiveMin = Self.effectiveProtection(usage: usage, setting: state.min,
                                                      parentEffective: parentState.effectiveMin, siblingsProtected: siblings.min)
        state.effectiveLow = Self.effectiveProtection(usage: usage, setting: state.low,
                                                      parentEffective: parentState.effectiveLow, siblingsProtected: siblings.low)
    }

    /// `children_min_usage` and `children_low_usage` of a parent: what its
    /// children use of their own settings.
    func childrenProtection(of parent: MemCgroup) -> (min: Int, low: Int) {
        childrenProtected[parent.serial] ?? (0, 0)
    }

    /// Sums, for every parent in a subtree, what its children use of their
    /// settings (`propagate_protected_usage` keeps these as it charges; the
    /// model adds them up once per walk).
    func sumChildrenProtection(_ subtree: ArraySlice<MemCgroup>) {
        childrenProtected.removeAll(keepingCapacity: true)
        guard protectionInUse else { return }
        for child in subtree {
            guard let parent = child.parent, let state = child.lruState, state.min > 0 || state.low > 0 else { continue }
            let usage = child.memory.usage
            let sum = childrenProtected[parent.serial] ?? (0, 0)
            childrenProtected[parent.serial] = (sum.min + Swift.min(usage, state.min), sum.low + Swift.min(usage, state.low))
        }
    }

    /// `mem_cgroup_below_min`: usage within the effective memory.min.
    func belowMin(_ memcg: MemCgroup, root: MemCgroup) -> Bool {
        guard protectionInUse, memcg !== root, !memcg.isRoot, let state = memcg.lruState else { return false }
        return memcg.memory.usage <= state.effectiveMin
    }

    /// `mem_cgroup_below_low`.
    func belowLow(_ memcg: MemCgroup, root: MemCgroup) -> Bool {
        guard protectionInUse, memcg !== root, !memcg.isRoot, let state = memcg.lruState else { return false }
        return memcg.memory.usage <= state.effectiveLow
    }

    /// `mem_cgroup_protection`: the effective min and low that scale a
    /// memcg's scan counts (none for the reclaim root).
    func protection(of memcg: MemCgroup, sc: ScanControl) -> (min: Int, low: Int) {
        guard protectionInUse, memcg !== (sc.target ?? controller.root), !memcg.isRoot, let state = memcg.lruState else { return (0, 0) }
        return (state.effectiveMin, state.effectiveLow)
    }
}
