import Foundation
import Testing

/// The subset of YAML the repository's manifests use: block mappings,
/// block sequences of scalars or mappings, plain or quoted scalars, and
/// comments. Anything else is an error, so the test cannot pass on a file
/// it did not understand.
enum MiniYAML {
    indirect enum Node: Equatable {
        case map([String: Node])
        case list([Node])
        case scalar(String)

        subscript(key: String) -> Node? { if case .map(let m) = self { m[key] } else { nil } }
        subscript(index: Int) -> Node? { if case .list(let l) = self, index < l.count { l[index] } else { nil } }
        var text: String? { if case .scalar(let s) = self { s } else { nil } }
    }

    struct Failure: Error { let line: Int; let message: String }

    static func parse(_ text: String) throws -> Node {
        var lines: [(indent: Int, text: String, number: Int)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let stripped = raw.hasPrefix("#") || raw.trimmingCharacters(in: .whitespaces).hasPrefix("#") ? "" : String(raw)
            let content = stripped.trimmingCharacters(in: .whitespaces)
            guard !content.isEmpty else { continue }
            guard !raw.contains("\t") else { throw Failure(line: i + 1, message: "tab") }
            lines.append((raw.prefix { $0 == " " }.count, content, i + 1))
        }
        var index = 0
        let node = try block(&lines, &index, indent: 0)
        guard index == lines.count else { throw Failure(line: lines[index].number, message: "unexpected indentation") }
        return node
    }

    private static func scalar(_ s: String) -> String {
        if s.count >= 2, (s.hasPrefix("\"") && s.hasSuffix("\"")) || (s.hasPrefix("'") && s.hasSuffix("'")) {
            return String(s.dropFirst().dropLast())
        }
        return s
    }

    private static func block(_ lines: inout [(indent: Int, text: String, number: Int)], _ i: inout Int, indent: Int) throws -> Node {
        guard i < lines.count else { throw Failure(line: 0, message: "empty block") }
        if lines[i].text.hasPrefix("- ") || lines[i].text == "-" {
            var items: [Node] = []
            while i < lines.count, lines[i].indent == indent, lines[i].text.hasPrefix("-") {
                let rest = String(lines[i].text.dropFirst()).trimmingCharacters(in: .whitespaces)
                if rest.contains(": ") || rest.hasSuffix(":") {
                    // A mapping that starts on the dash line: re-read it as a block two columns in.
                    lines[i] = (indent + 2, rest, lines[i].number)
                    items.append(try block(&lines, &i, indent: indent + 2))
                } else {
                    items.append(.scalar(scalar(rest)))
                    i += 1
                }
            }
            return .list(items)
        }
        var map: [String: Node] = [:]
        while i < lines.count, lines[i].indent == indent {
            let line = lines[i]
            guard let colon = line.text.range(of: ":") else { throw Failure(line: line.number, message: "expected key: value") }
            let key = String(line.text[..<colon.lowerBound])
            let value = String(line.text[colon.upperBound...]).trimmingCharacters(in: .whitespaces)
            guard map[key] == nil else { throw Failure(line: line.number, message: "duplicate key \(key)") }
            i += 1
            if value.isEmpty {
                guard i < lines.count, lines[i].indent > indent || (lines[i].indent == indent && lines[i].text.hasPrefix("-")) else {
                    throw Failure(line: line.number, message: "key \(key) has no value")
                }
                map[key] = try block(&lines, &i, indent: lines[i].indent)
            } else {
                map[key] = .scalar(scalar(value))
            }
        }
        return .map(map)
    }
}

@Suite struct KubernetesManifestTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/kubernetes/memcg-report-sweep.yaml").path

    @Test func theIndexedJobShardsTheFullReportOverItsCompletions() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        let job = try MiniYAML.parse(text)
        #expect(job["apiVersion"]?.text == "batch/v1")
        #expect(job["kind"]?.text == "Job")
        let spec = try #require(job["spec"])
        #expect(spec["completionMode"]?.text == "Indexed")
        let completions = try #require(spec["completions"]?.text.flatMap { Int($0) })
        #expect(completions >= 2)
        let pod = try #require(spec["template"]?["spec"])
        #expect(pod["restartPolicy"]?.text == "Never")
        let container = try #require(pod["containers"]?[0])
        #expect(container["command"]?[0]?.text == "sh")
        #expect(container["command"]?[1]?.text == "-c")
        let command = try #require(container["command"]?[2]?.text)
        // Shards are 1-based and the job's indices 0-based; N must equal completions.
        #expect(command.contains("memcg sweep --report --full"))
        #expect(command.contains("--shard \"$((JOB_COMPLETION_INDEX + 1))/\(completions)\""))
        let mountPath = try #require(container["volumeMounts"]?[0]?["mountPath"]?.text)
        #expect(command.contains("--out \(mountPath)"))
        let volume = try #require(container["volumeMounts"]?[0]?["name"]?.text)
        #expect(pod["volumes"]?[0]?["name"]?.text == volume)
    }

    @Test func theParserRefusesWhatItDoesNotUnderstand() {
        #expect(throws: MiniYAML.Failure.self) { try MiniYAML.parse("a: 1\n  b: 2\n") }
        #expect(throws: MiniYAML.Failure.self) { try MiniYAML.parse("a: 1\na: 2\n") }
        #expect(throws: MiniYAML.Failure.self) { try MiniYAML.parse("just words\n") }
    }

    @Test func theREADMEExcerptIsTakenFromTheManifest() throws {
        let root = URL(fileURLWithPath: Self.path).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let manifest = try String(contentsOfFile: Self.path, encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let lines = block.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(lines.count > 5)
        let manifestLines = Set(manifest.split(separator: "\n"))
        for line in lines { #expect(manifestLines.contains(line), "README line not in the manifest: \(line)") }
    }
}
