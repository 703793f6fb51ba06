/// Why a design could not be built from what the user asked for.
public enum DesignError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownPreset(String, valid: [String])
    case unknownKnob(String, valid: [String])
    case unknownValue(knob: String, value: String, valid: [String])
    case malformedSetting(String)

    public var description: String {
        switch self {
        case .unknownPreset(let name, let valid):
            return "unknown design preset '\(name)'; valid presets: \(valid.joined(separator: ", "))"
        case .unknownKnob(let name, let valid):
            return "unknown design knob '\(name)'; valid knobs: \(valid.joined(separator: ", "))"
        case .unknownValue(let knob, let value, let valid):
            return "knob \(knob) has no value '\(value)'; valid values: \(valid.joined(separator: ", "))"
        case .malformedSetting(let text):
            return "malformed design setting '\(text)': expected KNOB=VALUE"
        }
    }
}
