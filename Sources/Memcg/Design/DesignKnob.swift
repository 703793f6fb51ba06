/// A value of one design knob: a named alternative for one mechanism.
public protocol DesignKnobValue: CaseIterable, RawRepresentable, Hashable, Sendable
where RawValue == String, AllCases: Sendable {
    /// One line on what this alternative does and which kernels had it.
    var summary: String { get }
}

/// One contested mechanism of the memory controller, with the alternatives
/// the kernel's history had, described so it can be listed and set by name.
public struct DesignKnob: Sendable {
    public let name: String
    public let summary: String
    public let values: [(name: String, summary: String)]
    private let read: @Sendable (Design) -> String
    private let write: @Sendable (inout Design, String) -> Bool

    init<Value: DesignKnobValue>(_ name: String, _ summary: String, _ keyPath: any WritableKeyPath<Design, Value> & Sendable) {
        self.name = name
        self.summary = summary
        self.values = Value.allCases.map { ($0.rawValue, $0.summary) }
        self.read = { $0[keyPath: keyPath].rawValue }
        self.write = { design, text in
            guard let value = Value(rawValue: text) else { return false }
            design[keyPath: keyPath] = value
            return true
        }
    }

    public func value(in design: Design) -> String { read(design) }

    func set(_ text: String, in design: inout Design) -> Bool { write(&design, text) }
}
