/// A cgroup's directory name as the kernel holds it: bytes.
///
/// kernfs looks names up with strcmp, so two names are the same only when
/// their bytes are. Swift's `String` equality is canonical equivalence
/// (`e` + U+0301 equals `é`), which would let `rmdir /é` remove a cgroup
/// made as `mkdir /e\u{301}`; this key compares the UTF-8 bytes instead.
package struct CgroupName: Hashable, Sendable, CustomStringConvertible {
    package let text: String

    init(_ text: some StringProtocol) { self.text = String(text) }

    package static func == (lhs: CgroupName, rhs: CgroupName) -> Bool {
        lhs.text.utf8.elementsEqual(rhs.text.utf8)
    }

    package func hash(into hasher: inout Hasher) {
        for byte in text.utf8 { hasher.combine(byte) }
    }

    package var description: String { text }
}
