extension MemCgroup {
    /// Whether the offline step moved this memcg's list_lru items to its
    /// parent: from then on its objects resolve to the parent's lists (the
    /// kernel rewrites `kmemcg_id` to the parent's).
    var listLRUsReparented: Bool {
        get { listLRUKey.pointer.pointee.reparented }
        set {
            listLRUKey.pointer.pointee.reparented = newValue
            if newValue { listLRUKey.pointer.pointee.key = -1 }
        }
    }
}
