import CgroupFS
import Fuzz
import KernelSim
import Memcg
import Testing

@Suite struct FrontEndGeneratorTests {
    @Test func sameSeedSameCases() {
        var a = FrontEndGenerator(seed: 3, corpus: [Array("mkdir /a\n".utf8)])
        var b = FrontEndGenerator(seed: 3, corpus: [Array("mkdir /a\n".utf8)])
        for _ in 0..<200 { #expect(a.next().case == b.next().case) }
    }

    @Test func everyKindIsMade() {
        var generator = FrontEndGenerator(seed: 1, corpus: [Array("mkdir /a\n".utf8)])
        let kinds = Set((0..<200).map { _ in generator.next().kind })
        #expect(kinds == Set(FrontEndGenerator.Kind.allCases))
    }

    /// The generated scripts, run in this process: each either runs or
    /// stops with a ScriptError (a trap would end the test run).
    @Test func generatedScriptsRunOrFailCleanly() {
        var generator = FrontEndGenerator(seed: 11, corpus: [Array("mkdir /a\nrun --keep /a anon 1M\ncat /a/memory.current\n".utf8)])
        var ran = 0
        while ran < 150 {
            let (_, testCase) = generator.next()
            guard let script = testCase.script else { continue }
            ran += 1
            let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { _ in }
            do {
                let text = try ScriptSource.decode(script, file: "case")
                try runner.run(script: text, file: "case")
            } catch {
                #expect([1, 2].contains(error.exitCode))
            }
        }
    }
}
