/// Why a report or a sweep could not be made as asked. Each case names what
/// was wrong and what would be valid.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    case unknownSection(String, valid: [String])
    case unknownDesign(String, valid: [String])
    case noDesignApplies(section: String, designs: [String], applicable: [String])
    case badRecord(String)
    case missingRuns(count: Int, example: String)
    case emptyDirectory(String)
    case badRange(String)
    case badShard(String)
    case io(String)

    public var description: String {
        switch self {
        case .unknownSection(let name, let valid):
            "unknown section '\(name)'; valid: \(valid.joined(separator: ", "))"
        case .unknownDesign(let name, let valid):
            "unknown design '\(name)'; valid presets: \(valid.joined(separator: ", "))"
        case .noDesignApplies(let section, let designs, let applicable):
            "section \(section) has no design among \(designs.joined(separator: ", ")); it runs under \(applicable.joined(separator: ", "))"
        case .badRecord(let message):
            message
        case .missingRuns(let count, let example):
            "\(count) run(s) the report needs are not in the directory, for example: memcg scenario run \(example)"
        case .emptyDirectory(let dir):
            "no *.jsonl files with runs in '\(dir)' (memcg sweep --out DIR writes them)"
        case .badRange(let message):
            message
        case .badShard(let text):
            "--shard: expected K/N with 1 <= K <= N, got '\(text)'"
        case .io(let message):
            message
        }
    }
}
