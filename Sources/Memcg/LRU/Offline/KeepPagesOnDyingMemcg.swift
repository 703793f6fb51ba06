/// 3.19 and later (until the objcg splice): nothing moves. The pages keep
/// pointing at the dying memcg, pin it with their charges, and reclaim
/// finds them because `mem_cgroup_iter` still visits dying memcgs; the
/// memcg is freed when reclaim or truncation has freed its last page.
package struct KeepPagesOnDyingMemcg: PageOfflinePolicy {
    init() {}
    package var name: String { "none (3.19+)" }
    func offline(_ memcg: MemCgroup, pages: PageLRU, done: @escaping () -> Void) {
        pages.setReach(memcg, .dyingVisited)
        done()
    }
}
