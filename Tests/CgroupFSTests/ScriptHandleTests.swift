import CgroupFS
import KernelSim
import Memcg
import Testing

/// Script file handles (`open @H`, `cat @H`, `write @H`, `close @H`) and
/// 6.12's per-handle memory.peak and memory.swap.peak.
@Suite struct ScriptHandleTests {
    private func run(_ text: String) -> (error: ScriptError?, output: String) {
        var output = ""
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { output += $0 }
        do {
            try runner.run(script: text, file: "t.memcg", checkingInvariants: true)
            return (nil, output)
        } catch {
            return (error, output)
        }
    }

    private func numbers(_ output: String) -> [Int] {
        output.split(separator: "\n").compactMap { Int($0) }
    }

    /// A handle that wrote reads the peak since its write; one that did not,
    /// and a plain `cat`, read the all-time peak.
    @Test func aWriteResetsThePeakForTheWritingHandleOnly() throws {
        let (error, output) = run("""
            mkdir /a
            open @p /a/memory.peak
            open @q /a/memory.peak
            run --keep /a anon 8M
            kill 1000
            run --keep /a anon 2M
            write @p reset
            cat @p
            cat @q
            cat /a/memory.current
            cat /a/memory.peak
            """)
        #expect(error == nil, "\(String(describing: error))")
        let values = numbers(output)
        try #require(values.count == 4)
        #expect(values[0] == values[2], "after its write @p reads the usage at the write")
        #expect(values[1] == values[3] && values[1] > 8 << 20, "@q and cat read the all-time peak")
    }

    /// A later charge raises the local watermark that every writer sees; a
    /// second writer's reset raises the first writer's value to the usage
    /// at that reset, as peak_write does for its peers.
    @Test func resetsOfTwoHandlesFollowTheKernelsPeerRule() throws {
        let (error, output) = run("""
            mkdir /a
            open @p /a/memory.peak
            open @q /a/memory.peak
            write @p x
            run --keep /a anon 4M
            cat @p
            kill 1000
            write @q x
            cat @p
            cat @q
            cat /a/memory.current
            """)
        #expect(error == nil, "\(String(describing: error))")
        let values = numbers(output)
        try #require(values.count == 4)
        #expect(values[0] >= 4 << 20, "a charge after @p's write raises what @p reads")
        // @q's reset put the local watermark back to the usage after the
        // exit; @p keeps only the usage at that reset (the kernel's rule).
        #expect(values[1] == values[3] && values[2] == values[3])
    }

    @Test func swapPeakHasTheSameHandles() {
        let (error, output) = run("""
            swapon 1G
            mkdir /a
            run --keep /a anon 4M
            write /a/memory.reclaim 4M swappiness=200
            open @s /a/memory.swap.peak
            write @s reset
            touch 1000
            cat @s
            cat /a/memory.swap.peak
            """)
        #expect(error == nil, "\(String(describing: error))")
        #expect(numbers(output) == [4 << 20, 4 << 20])
        let (error2, output2) = run("""
            swapon 1G
            mkdir /a
            run --keep /a anon 4M
            write /a/memory.reclaim 4M swappiness=200
            touch 1000
            open @s /a/memory.swap.peak
            write @s reset
            cat @s
            cat /a/memory.swap.peak
            """)
        #expect(error2 == nil, "\(String(describing: error2))")
        #expect(numbers(output2) == [0, 4 << 20])
    }

    @Test func handleErrorsAreCommandErrorsWithTheirLine() {
        let cases: [(String, Int, Errno)] = [
            ("cat @nope", 1, .EBADF),
            ("mkdir /a\nopen @p /a/memory.peak\nclose @p\ncat @p", 4, .EBADF),
            ("mkdir /a\nopen @p /a/memory.peak\nopen @p /a/memory.current", 3, .EBUSY),
            ("open @p /nope/memory.peak", 1, .ENOENT),
            ("open @p /memory.peak", 1, .ENOENT),
            ("mkdir /a\nopen @p /a/memory.peak\nrmdir /a\ncat @p", 4, .ENODEV),
            ("mkdir /a\nopen @c /a/memory.current\nwrite @c 5", 3, .EACCES),
            ("close @x", 1, .EBADF),
        ]
        for (script, line, errno) in cases {
            let (error, _) = run(script)
            guard case .commandFailed(_, let at, _, let failure) = error else {
                Issue.record("\(script): \(String(describing: error))")
                continue
            }
            #expect(at == line && failure.errno == errno, "\(script): line \(at), \(failure)")
            #expect(error!.description.hasPrefix("t.memcg:\(line): "))
        }
    }

    @Test func aPlainWriteToMemoryPeakIsAcceptedAndAWriteOnlyFileOpens() {
        let (error, _) = run("""
            mkdir /a
            write /a/memory.peak 1
            run /a pagecache 2M
            open @r /a/memory.reclaim
            write @r 1M
            expect-error EACCES cat @r
            close @r
            """)
        #expect(error == nil, "\(String(describing: error))")
    }

    @Test(arguments: ["open @p", "open p /a/memory.peak", "open @ /a/memory.peak", "open @p-q /a/memory.peak",
                      "close", "close p", "cat @", "write @ 1", "open @p /a/memory.peak extra"])
    func malformedHandleLinesAreSyntaxErrors(line: String) {
        let (error, _) = run(line)
        guard case .syntax = error else { Issue.record("\(line): \(String(describing: error))"); return }
    }

    @Test func handleLinesRoundTripThroughTheirScriptText() throws {
        for text in ["open @p /a/memory.peak", "close @p", "cat @p", "write @p reset"] {
            let line = try ScriptRunner.parser.parse(text, file: "t")[0]
            #expect(line.command.scriptText == text)
        }
    }
}
