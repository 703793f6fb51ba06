import Foundation
@testable import HostReader
import Testing

/// Snapshots: what is read is what is written, what is written reads back
/// to the same report, and a snapshot this build cannot read says why.
@Suite struct SnapshotTests {
    private func report(_ source: any HostSource) -> String {
        let reading = HostReader(source: source).read()
        return HostReport(analysis: HostAnalysis(reading), diagnostics: reading.diagnostics).json()
    }

    @Test func aSnapshotReadsBackToTheSameReport() throws {
        let host = try TemporaryHost.kubernetesV2()
        try host.write("sys/fs/cgroup/user.slice/memory.stat", "anon 1\nfile oops\n")
        let recorder = RecordingHostSource(LiveHostSource(root: host.path))
        let live = HostReader(source: recorder).read()
        let data = try recorder.snapshot.encoded()
        let decoded = try HostSnapshot.decode(data, file: "s.json")
        let replayed = HostReader(source: SnapshotHostSource(decoded, name: "s.json")).read()
        #expect(replayed.cgroups == live.cgroups)
        #expect(replayed.diagnostics.total == live.diagnostics.total)
        #expect(replayed.diagnostics.lines.contains { $0.hasPrefix("s.json:/sys/fs/cgroup/user.slice/memory.stat:2: warning") })
        // The failures are kept too: a snapshot of a host without slabinfo reads as one.
        #expect(decoded.failures["/proc/slabinfo"]?.errno == "ENOENT")
        // Encoding is deterministic: the same reads, the same bytes.
        #expect(try decoded.encoded() == data)
    }

    @Test func theSameSnapshotGivesTheSameBytes() throws {
        let first = report(try TestSnapshots.buildMachine())
        let second = report(try TestSnapshots.buildMachine())
        #expect(first == second)
        #expect(!first.contains("wall_"), "no wall-clock figure unless one is measured")
    }

    @Test func aNewerVersionIsRefusedWithAMessage() throws {
        var snapshot = HostSnapshot()
        snapshot.version = HostSnapshot.currentVersion + 1
        let data = try JSONEncoder().encode(snapshot)
        #expect {
            try HostSnapshot.decode(data, file: "new.json")
        } throws: { error in
            (error as? HostSnapshotError)?.description == "new.json: snapshot format version 2 is newer than this memcg reads (1); use a newer memcg"
        }
    }

    @Test func otherFilesAreRefusedWithWhatIsWrong() {
        let cases: [(String, String)] = [
            ("{\"format\": \"something-else\", \"version\": 1}", "not a memcg host snapshot"),
            ("[1, 2", "not a JSON snapshot"),
            ("{\"format\": \"memcg-host-snapshot\"}", "has no \"version\""),
            ("{\"format\": \"memcg-host-snapshot\", \"version\": 1, \"files\": {\"/proc/cgroups\": 3}}", "damaged snapshot"),
        ]
        for (text, expected) in cases {
            #expect {
                try HostSnapshot.decode(Data(text.utf8), file: "x.json")
            } throws: { error in
                (error as? HostSnapshotError)?.message.contains(expected) == true
            }
        }
    }

    @Test func aPathMissingFromASnapshotReadsAsMissing() {
        let source = SnapshotHostSource(HostSnapshot(), name: "empty.json")
        let reading = HostReader(source: source).read()
        #expect(reading.cgroups.isEmpty)
        #expect(reading.diagnostics.lines.contains("empty.json:/proc/cgroups: warning: cannot read: not in the snapshot (ENOENT)"))
    }
}
