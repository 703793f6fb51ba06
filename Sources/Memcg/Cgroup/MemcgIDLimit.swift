extension MemoryController {
    /// MEM_CGROUP_ID_MAX: memcg IDs are 16-bit and 0 is not used, so at
    /// most 65,535 memcgs (the root among them) can hold an ID at once.
    public static let memcgIDMax = 65_535
}
