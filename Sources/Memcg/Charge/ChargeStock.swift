/// A CPU's cache of pre-charged pages (`struct memcg_stock_pcp`).
///
/// A charge that finds its cgroup cached here with enough pages takes
/// them without touching any page counter; otherwise the controller
/// charges a whole batch and leaves the surplus here. While it caches a
/// cgroup, the stock holds a reference on it, so a stock can keep a dying
/// cgroup alive until it is drained.
package struct ChargeStock {
    var cached: MemCgroup?
    package internal(set) var pages: Int = 0

    init() {}
}
