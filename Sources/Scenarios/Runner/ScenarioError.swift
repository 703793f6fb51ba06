import CgroupFS

/// Why a scenario could not be run as asked.
public enum ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownScenario(String, valid: [String])
    case unknownParameter(scenario: String, name: String, valid: [String])
    case malformedParameter(String)
    case parameterOutOfRange(name: String, value: String, range: ClosedRange<Int>)
    case failed(String)
    case notApplicable(scenario: String, design: String, reason: String)

    public var description: String {
        switch self {
        case .unknownScenario(let name, let valid):
            return "unknown scenario \(UserText.quoted(name)); valid scenarios: \(valid.joined(separator: ", "))"
        case .unknownParameter(let scenario, let name, let valid):
            return "scenario \(scenario) has no parameter \(UserText.quoted(name)); valid parameters: \(valid.joined(separator: ", "))"
        case .notApplicable(let scenario, let design, let reason):
            return "\(scenario) does not apply to \(design): \(reason)"
        case .malformedParameter(let text):
            return "malformed parameter \(UserText.quoted(text)): expected KEY=VALUE"
        case .parameterOutOfRange(let name, let value, let range):
            let upper = range.upperBound == Int.max ? "" : "\(range.upperBound)"
            return "parameter \(name)=\(UserText.escaped(value)): expected an integer in \(range.lowerBound)...\(upper)"
        case .failed(let message):
            return message
        }
    }
}
