/// An error of the engine's own API (not a modelled kernel errno).
public enum SimError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidArgument(String)
    case unknownName(kind: String, name: String, valid: [String])

    public var description: String {
        switch self {
        case .invalidArgument(let message):
            return message
        case .unknownName(let kind, let name, let valid):
            return "unknown \(kind) '\(name)'; valid: \(valid.joined(separator: ", "))"
        }
    }
}
