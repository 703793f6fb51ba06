import CgroupFS
import Foundation
import KernelSim
import Memcg
import Testing

/// Every script under Scripts/ must run to the end under every preset.
@Suite struct ScriptSuiteTests {
    static let scripts: [URL] = {
        let dir = Bundle.module.resourceURL!.appendingPathComponent("Scripts")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".memcg") }.sorted().map { dir.appendingPathComponent($0) }
    }()

    @Test func thereAreScripts() {
        #expect(Self.scripts.count >= 4)
    }

    @Test(arguments: Preset.all.map(\.name))
    func scriptsPass(preset: String) throws {
        for url in Self.scripts {
            let text = try String(contentsOf: url, encoding: .utf8)
            var printed = ""
            let runner = ScriptRunner(configuration: KernelConfiguration(), design: try Preset.named(preset).design) { printed += $0 }
            do {
                try runner.run(script: text, file: url.lastPathComponent)
            } catch {
                Issue.record("\(preset): \(error)")
            }
            #expect(runner.fs.controller.violations.isEmpty, "\(url.lastPathComponent) under \(preset): \(runner.fs.controller.violations)")
        }
    }
}
