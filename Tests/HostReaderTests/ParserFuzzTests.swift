import Foundation
@testable import HostReader
import KernelSim
import Memcg
import Testing

/// Random and mutated real files fed to every parser: nothing traps, every
/// diagnostic points at a line that exists, and every value a parser
/// returns is on a complete line of its input.
@Suite struct ParserFuzzTests {
    /// Real files: this build machine's snapshot, and v2 files in the kernel's format.
    private static func corpus() throws -> [String: [UInt8]] {
        let snapshot = try TestSnapshots.buildMachine().snapshot
        var files: [String: [UInt8]] = [:]
        for (path, text) in snapshot.files { files[path] = Array(text.utf8) }
        files["v2/memory.stat"] = Array(SyntheticHost.memoryStat(anon: 1 << 30, file: 3 << 29, slabReclaimable: 12_345, slabUnreclaimable: 678, percpu: 4_096).utf8)
        files["v2/cgroup.stat"] = Array("nr_descendants 5\nnr_subsys_memory 6\nnr_dying_descendants 12\nnr_dying_subsys_memory 12\n".utf8)
        return files
    }

    private static func mutate(_ input: [UInt8], _ random: inout SimRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<random.int(in: 1...4) {
            let at = bytes.isEmpty ? 0 : random.index(below: bytes.count)
            switch random.int(in: 0...7) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + random.int(in: 1...64)))
            case 3: bytes = Array(bytes.prefix(at))
            case 4: bytes.insert(contentsOf: Array(" 99999999999999999999999 \n".utf8), at: at)
            case 5: bytes.insert(contentsOf: [0xFF, 0xFE, 0x00, 0x0A], at: at)
            case 6 where !bytes.isEmpty:
                let line = bytes[at...].prefix { $0 != 0x0A }
                bytes.insert(contentsOf: Array(line) + [0x0A], at: at)
            default: bytes.insert(contentsOf: Array("\t\t\n".utf8), at: at)
            }
        }
        return bytes
    }

    /// Runs every parser; checks what a parser may never do. `cache` has
    /// seen earlier inputs: reading through it must change nothing.
    private static func check(_ bytes: [UInt8], cache: FlatKeyCache = FlatKeyCache()) {
        let lineCount = bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } + 1
        let completeLines = TextLines(bytes, file: "f")
        var lines: [[String]] = []
        var ignored = HostDiagnostics()
        completeLines.forEach(&ignored) { range, _, _ in lines.append(completeLines.fields(range).map(completeLines.string)) }

        var d = HostDiagnostics()
        FlatKeyedFile.parse(bytes, file: "f", known: MemoryStatKeys.v2.contains, diagnostics: &d) { key, value in
            #expect(value >= 0)
            #expect(lines.contains { $0.count == 2 && $0[0] == key && Int64($0[1]) == value }, "\(key) \(value) is on no line")
        }
        var cachedPairs: [String] = [], plainPairs: [String] = []
        var cachedDiagnostics = HostDiagnostics(), plainDiagnostics = HostDiagnostics()
        FlatKeyedFile.parse(bytes, file: "f", known: MemoryStatKeys.v2.contains, cache: cache, diagnostics: &cachedDiagnostics) { cachedPairs.append("\($0) \($1)") }
        FlatKeyedFile.parse(bytes, file: "f", known: MemoryStatKeys.v2.contains, diagnostics: &plainDiagnostics) { plainPairs.append("\($0) \($1)") }
        #expect(cachedPairs == plainPairs)
        #expect(cachedDiagnostics.lines == plainDiagnostics.lines)
        _ = HostMemoryStat.parseV1(bytes, file: "f", diagnostics: &d)
        _ = HostMemoryStat.parseV2(bytes, file: "f", diagnostics: &d)
        for entry in ProcCgroups.parse(bytes, file: "f", diagnostics: &d) { #expect(entry.cgroups >= 0) }
        for entry in Slabinfo.parse(bytes, file: "f", diagnostics: &d) { #expect(entry.slabBytes >= 0) }
        _ = Meminfo.parse(bytes, file: "f", diagnostics: &d)
        _ = SingleValue.unsigned(bytes, file: "f", diagnostics: &d)
        _ = SingleValue.listCount(bytes, file: "f", diagnostics: &d)
        for entry in d.entries {
            if let line = entry.first.line { #expect((1...lineCount).contains(line)) }
        }
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func mutatedRealFiles(seed: UInt64) throws {
        var random = SimRandom(seed: seed)
        let corpus = try Self.corpus().sorted { $0.key < $1.key }
        let cache = FlatKeyCache()
        for _ in 0..<300 {
            let (_, file) = corpus[random.index(below: corpus.count)]
            // Clean files fill the key cache; mutated ones must read as without it.
            if random.chance(0.3) { Self.check(file, cache: cache) }
            Self.check(Self.mutate(file, &random), cache: cache)
        }
    }

    @Test func randomBytes() {
        var random = SimRandom(seed: 42)
        for _ in 0..<500 {
            let alphabet = Array("abc_ 0123456789\n\t:-#slabinfo".utf8)
            let bytes = (0..<random.int(in: 0...200)).map { _ in
                random.chance(0.9) ? alphabet[random.index(below: alphabet.count)] : UInt8(truncatingIfNeeded: random.next())
            }
            Self.check(bytes)
        }
    }

    /// A whole host whose files are mutated: the read, the analysis, the
    /// text and the JSON all come out, and the JSON parses.
    @Test func mutatedHostsStillReport() throws {
        var random = SimRandom(seed: 7)
        let base = try TestSnapshots.buildMachine().snapshot
        let paths = base.files.keys.sorted()
        for _ in 0..<40 {
            var snapshot = base
            for _ in 0..<random.int(in: 1...6) {
                let path = paths[random.index(below: paths.count)]
                if random.chance(0.2) {
                    snapshot.files[path] = nil
                } else {
                    snapshot.files[path] = String(decoding: Self.mutate(Array(base.files[path]!.utf8), &random), as: UTF8.self)
                }
            }
            let reading = HostReader(source: SnapshotHostSource(snapshot, name: "m.json")).read()
            let analysis = HostAnalysis(reading)
            let plan = ReplayPlan(reading, dyingCount: analysis.read.dyingMemcgs, liveSlabObjectBudget: 50, dyingSlabFileBudget: 50)
            var outcomes: [HostReplay.Outcome] = []
            if plan.dying.reduce(0, { $0 + $1.count }) <= 200 {
                outcomes.append(try HostReplay(plan: plan, cpus: analysis.modelled.cpus, nodes: analysis.modelled.nodes).run("v5.4", try Preset.named("v5.4").design))
            }
            let report = HostReport(analysis: analysis, plan: plan, replay: outcomes, diagnostics: reading.diagnostics)
            #expect(!report.text.isEmpty)
            #expect((try? JSONSerialization.jsonObject(with: Data(report.json().utf8))) != nil)
        }
    }

    /// Figures as large as a file can hold: saturated, never trapped, and a
    /// replay bounded by its caps.
    @Test func extremeFiguresSaturate() throws {
        var snapshot = try TestSnapshots.buildMachine().snapshot
        let max = Int64.max
        snapshot.files["/proc/cgroups"] = "#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t4\t\(max)\t1\n"
        snapshot.files["/sys/fs/cgroup/memory/process_api/memory.stat"] = "total_cache \(max)\ntotal_rss \(max)\n"
        snapshot.files["/sys/devices/system/cpu/possible"] = "0-1048575\n"
        let reading = HostReader(source: SnapshotHostSource(snapshot, name: "big.json")).read()
        let analysis = HostAnalysis(reading)
        #expect(analysis.read.dyingMemcgs == max - Int64(analysis.read.liveMemcgs))
        #expect(analysis.modelled.dyingSlabBytes == max)
        _ = HostReport(analysis: analysis, diagnostics: reading.diagnostics).text
        let plan = ReplayPlan(reading, dyingCount: analysis.read.dyingMemcgs, liveSlabObjectBudget: 10, dyingSlabFileBudget: 10)
        #expect(plan.dying.reduce(0) { $0 + $1.count } <= Int(ReplayPlan.maxDying))
        #expect(plan.assumptions.contains { $0.contains("more than the replay builds") })
    }
}
