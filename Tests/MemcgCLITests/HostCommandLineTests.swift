import Foundation
import Testing

/// `memcg host` as a user meets it: the same snapshot prints the same
/// bytes, wall-clock figures go to standard error, and a snapshot it cannot
/// use is one line and exit 64.
@Suite(.serialized) struct HostCommandLineTests {
    private static let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("HostReaderTests/Snapshots/build-machine-v1.json").path

    private func expectOneLineError(_ result: MemcgProcess.Result, mentioning: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 64, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(mentioning), "stderr: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func aSnapshotPrintsTheSameBytesEveryTime() throws {
        let args = ["host", "--from", Self.snapshot, "--replay", "--designs", "v5.4,v6.12"]
        let a = try MemcgProcess.run(args), b = try MemcgProcess.run(args)
        #expect(a.status == 0, "stderr: \(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.contains("Read from the host") && a.stdout.contains("Replay (modelled"))
        #expect(!a.stdout.contains("wall_"))
        #expect(a.stderr.contains("wall_read_seconds"))
    }

    @Test func jsonIsOneObject() throws {
        let result = try MemcgProcess.run(["host", "--from", Self.snapshot, "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let read = try #require(object["read"] as? [String: Any])
        #expect(read["hierarchy"] as? String == "v1")
        #expect(object["wall_read_seconds"] != nil)
    }

    @Test func snapshotsItCannotUseAreOneLineErrors() throws {
        let dir = try MemcgProcess.temporaryDirectory()
        let newer = dir + "/newer.json"
        try Data(#"{"format": "memcg-host-snapshot", "version": 99}"#.utf8).write(to: URL(fileURLWithPath: newer))
        expectOneLineError(try MemcgProcess.run(["host", "--from", newer]), mentioning: "newer than this memcg reads")
        expectOneLineError(try MemcgProcess.run(["host", "--from", dir + "/missing.json"]), mentioning: "cannot read the snapshot")
        expectOneLineError(try MemcgProcess.run(["host", "--from", Self.snapshot, "--replay", "--designs", "v9.9"]), mentioning: "v9.9")
        expectOneLineError(try MemcgProcess.run(["host", "--from", Self.snapshot, "--designs", "v5.4"]), mentioning: "--replay")
        expectOneLineError(try MemcgProcess.run(["host", "--top", "0"]), mentioning: "--top")
    }

    /// --offline-pages replays the host's kernel (v6.18: preset v6.12)
    /// under each offlinePages design, one row each: the build machine's 49
    /// dying cgroups stay dying after offline only where pages pin them.
    @Test func offlinePagesReplaysTheHostsKernelUnderEachDesign() throws {
        let result = try MemcgProcess.run(["host", "--from", Self.snapshot, "--replay", "--offline-pages", "all"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        var afterOffline: [String: Int] = [:]
        for line in result.stdout.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count > 2, words[0].hasPrefix("v6.12+offlinePages="), let dying = Int(words[1]) else { continue }
            afterOffline[String(words[0].dropFirst("v6.12+offlinePages=".count))] = dying
        }
        #expect(afterOffline == ["reparentCharges": 0, "reparentLRUs": 0, "reparentLRUsOnPutback": 0, "none": 49, "objcg": 0])
        let two = try MemcgProcess.run(["host", "--from", Self.snapshot, "--replay", "--designs", "v5.4", "--offline-pages", "none,objcg"])
        #expect(two.stdout.contains("v5.4+offlinePages=none ") && two.stdout.contains("v5.4+offlinePages=objcg "))
        #expect(!two.stdout.contains("v6.12+"))
        expectOneLineError(try MemcgProcess.run(["host", "--from", Self.snapshot, "--replay", "--offline-pages", "zombie"]), mentioning: "zombie")
        expectOneLineError(try MemcgProcess.run(["host", "--from", Self.snapshot, "--replay", "--offline-pages", "objcg,objcg"]), mentioning: "twice")
        expectOneLineError(try MemcgProcess.run(["host", "--from", Self.snapshot, "--replay", "--offline-pages", "all,none"]), mentioning: "stands alone")
        expectOneLineError(try MemcgProcess.run(["host", "--from", Self.snapshot, "--offline-pages", "all"]), mentioning: "--replay")
    }

    @Test func readmeDocumentsHostExitStatuses() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "### Exit statuses")).upperBound
        #expect(text[section...].prefix(3_000).contains("`host`"))
    }
}
