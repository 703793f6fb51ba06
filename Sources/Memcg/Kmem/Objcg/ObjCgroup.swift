/// An object cgroup (`struct obj_cgroup`): what an accounted slab object
/// (or a byte-charged kernel allocation) points to instead of a memcg.
///
/// It holds a reference on the memcg it charges (`memcg`). When that memcg
/// goes offline, the objcg is retargeted to the parent and spliced onto the
/// parent's list, so objects allocated earlier are uncharged from the
/// parent and no longer pin the dying memcg. It is released when its last
/// reference goes: the memcg's live reference (killed at offline), one per
/// object, one per CPU stock caching it, one while it carries kernel bytes.
package final class ObjCgroup {
    /// The value stored in slab tag vectors (nonzero).
    package let tag: UInt32
    /// The memcg it was created for.
    let origin: MemCgroup
    /// The memcg it charges now (`objcg->memcg`).
    @exclusivity(unchecked) package internal(set) var memcg: MemCgroup
    @exclusivity(unchecked) package internal(set) var references = 1
    @exclusivity(unchecked) package internal(set) var released = false
    /// Live accounted objects pointing here and their charged bytes
    /// (object size plus the pointer, `obj_full_size()`).
    @exclusivity(unchecked) package internal(set) var objects = 0
    @exclusivity(unchecked) package internal(set) var objectBytes = 0
    /// Byte-charged kernel memory (stacks, percpu, memcg structures).
    @exclusivity(unchecked) package internal(set) var kernelBytes = 0
    /// Pages taken from the page counters on this objcg's behalf.
    @exclusivity(unchecked) var chargedPages = 0
    /// Pre-charged bytes not held by any CPU stock (`nr_charged_bytes`).
    @exclusivity(unchecked) var nrChargedBytes = 0
    // The counters above are exempt from run-time exclusivity checks: they
    // are touched on every accounted allocation and free, one thread runs
    // the model, and no access to them spans a call that reaches them again.

    /// Position in its memcg's objcg list.
    @exclusivity(unchecked) var listIndex = -1

    init(tag: UInt32, memcg: MemCgroup) {
        self.tag = tag
        self.origin = memcg
        self.memcg = memcg
    }
}
