/// One item's place on a list: the model of `struct list_head` as a
/// doubly linked list threaded through a flat table by index.
struct ListLRULink {
    static let none = UInt32.max

    var prev: UInt32 = ListLRULink.none
    var next: UInt32 = ListLRULink.none
    /// The list (record index) the item is on; `none` when off every list,
    /// as `list_empty(item)` tells the kernel.
    var record: UInt32 = ListLRULink.none
}
