public import Memcg

/// A `VFSObjectAllocator` over the controller's slab allocator: the memcg
/// is recorded in the object's tag and its bytes are charged with
/// `chargeKernelBytes`, as an objcg-charged slab object is. The charge
/// stays with that memcg until the object is freed (no reparenting here).
///
/// INTEGRATION: replaced by the kmem accounting layer after the merge.
public final class SlabVFSObjectAllocator: VFSObjectAllocator {
    public let controller: MemoryController
    /// Tag - 1 indexes this table; a tag is recycled when its memcg has no
    /// objects left, so the table stays as small as the memcgs in use.
    private var memcgs: [(memcg: MemCgroup?, objects: Int)] = []
    private var tags: [ObjectIdentifier: UInt32] = [:]
    private var freeTags: [UInt32] = []

    public init(controller: MemoryController) {
        self.controller = controller
    }

    public func allocate(_ cache: SlabCacheID, memcg: MemCgroup?, node: Int) throws(MemcgError) -> SlabObject {
        let slab = controller.slab
        let charged = memcg.flatMap { $0.isRoot ? nil : $0 }
        let size = slab.layout(of: cache).size
        if let charged { try controller.chargeKernelBytes(charged, size, as: .slab) }
        let tag = charged.map(tag(for:)) ?? 0
        guard let object = slab.allocate(cache, node: node, objectTag: tag) else {
            if let charged {
                release(tag: tag)
                controller.uncharge(kernelBytes: size, from: charged, as: .slab)
            }
            throw MemcgError(.ENOMEM, "allocating a \(slab.name(of: cache)) object failed (no slab page)")
        }
        return object
    }

    public func free(_ object: SlabObject) {
        let slab = controller.slab
        let size = slab.layout(of: slab.cache(of: object)).size
        let tag = slab.tag(of: object)
        let memcg = self.memcg(of: object)
        slab.free(object)
        if tag != 0, let memcg {
            release(tag: tag)
            controller.uncharge(kernelBytes: size, from: memcg, as: .slab)
        }
    }

    public func memcg(of object: SlabObject) -> MemCgroup? {
        let tag = controller.slab.tag(of: object)
        return tag == 0 ? nil : memcgs[Int(tag) - 1].memcg
    }

    public func node(of object: SlabObject) -> Int { controller.slab.node(of: object) }

    private func tag(for memcg: MemCgroup) -> UInt32 {
        let key = ObjectIdentifier(memcg)
        if let tag = tags[key] {
            memcgs[Int(tag) - 1].objects += 1
            return tag
        }
        let tag: UInt32
        if let reused = freeTags.popLast() {
            tag = reused
            memcgs[Int(tag) - 1] = (memcg, 1)
        } else {
            memcgs.append((memcg, 1))
            tag = UInt32(memcgs.count)
        }
        tags[key] = tag
        return tag
    }

    private func release(tag: UInt32) {
        let index = Int(tag) - 1
        memcgs[index].objects -= 1
        guard memcgs[index].objects == 0, let memcg = memcgs[index].memcg else { return }
        tags[ObjectIdentifier(memcg)] = nil
        memcgs[index] = (nil, 0)
        freeTags.append(tag)
    }
}
