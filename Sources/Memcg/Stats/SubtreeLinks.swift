/// The children of every statistics slot, as intrusive sibling lists, for
/// the schemes whose reads walk a subtree (`for_each_mem_cgroup_tree`):
/// a read visits the cgroup and every live or dying descendant, and no
/// other slot.
struct SubtreeLinks {
    static let none: Int32 = -1

    private(set) var firstChild: ContiguousArray<Int32> = []
    private var nextSibling: ContiguousArray<Int32> = []
    private var previousSibling: ContiguousArray<Int32> = []

    mutating func appendSlot() {
        firstChild.append(Self.none)
        nextSibling.append(Self.none)
        previousSibling.append(Self.none)
    }

    /// Links `s` first among its parent's children.
    mutating func link(_ s: Int, parent: Int) {
        guard parent >= 0 else { return }
        let head = firstChild[parent]
        nextSibling[s] = head
        previousSibling[s] = Self.none
        if head != Self.none { previousSibling[Int(head)] = Int32(s) }
        firstChild[parent] = Int32(s)
    }

    /// Unlinks a freed leaf from its parent's children.
    mutating func unlink(_ s: Int, parent: Int) {
        precondition(firstChild[s] == Self.none, "a freed slot has no children")
        let next = nextSibling[s]
        let previous = previousSibling[s]
        if previous != Self.none {
            nextSibling[Int(previous)] = next
        } else if parent >= 0 {
            firstChild[parent] = next
        }
        if next != Self.none { previousSibling[Int(next)] = previous }
        nextSibling[s] = Self.none
        previousSibling[s] = Self.none
    }

    /// Calls `body` for `root` and each descendant, parents before children.
    func forEach(inSubtreeOf root: Int, scratch: inout [Int32], _ body: (Int) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(Int32(root))
        while let s = scratch.popLast() {
            body(Int(s))
            var child = firstChild[Int(s)]
            while child != Self.none {
                scratch.append(child)
                child = nextSibling[Int(child)]
            }
        }
    }

    /// The number of slots in the subtree of `root`, itself included.
    func count(inSubtreeOf root: Int, scratch: inout [Int32]) -> Int {
        var n = 0
        forEach(inSubtreeOf: root, scratch: &scratch) { _ in n += 1 }
        return n
    }
}
