// Socket buffers (`mem_cgroup_charge_skmem`): pages charged to the memcg
// and counted in memory.stat `sock`, on no LRU.

extension MemoryController {
    /// Charges `pages` of socket buffers to a memcg.
    public func chargeSock(_ memcg: MemCgroup, pages: Int) throws(MemcgError) {
        try charge(memcg, pages: pages)
        self.pages.state(memcg).sockPages += pages
        modStat(memcg, .sock, pages)
    }

    /// Frees socket buffers (the socket closed).
    public func unchargeSock(_ memcg: MemCgroup, pages: Int) {
        memcg.lruState!.sockPages -= pages
        modStat(memcg, .sock, -pages)
        uncharge(memcg, pages: pages)
    }
}
