/// An object that can sit on a list_lru: what the `struct list_head`
/// embedded in a dentry or inode stands for in the model.
///
/// The index is the caller's number for the object, dense per list_lru
/// (a superblock numbers its dentries from 0): the list_lru keeps one link
/// slot per index, as every dentry carries its own `d_lru` whether it is on
/// the LRU or not.
public struct ListLRUItem: Hashable, Sendable, CustomStringConvertible {
    public let index: UInt32

    @inlinable
    public init(_ index: UInt32) { self.index = index }

    public var description: String { "item \(index)" }
}
