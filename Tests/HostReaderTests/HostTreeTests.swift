import Foundation
@testable import HostReader
import Memcg
import Testing

/// Whole hosts: a cgroup v2 tree laid out with the kernel's formats, this
/// build machine's real v1 snapshot, and hosts that go wrong while read.
@Suite struct HostTreeTests {
    @Test func v2TreeCountsDyingFromCgroupStatAndSaysWhereTheyAre() throws {
        let host = try TemporaryHost.kubernetesV2()
        let reading = host.reading()
        #expect(reading.hierarchy == .v2)
        #expect(reading.mountPoint == "/sys/fs/cgroup")
        #expect(reading.cgroups.map(\.path) == ["/", "/kubepods", "/kubepods/burstable", "/system.slice", "/user.slice"])
        #expect(reading.directoriesWithoutMemory == 1, "kubepods/besteffort has no memory controller")
        #expect(reading.possibleCPUs == 8 && reading.possibleNodes == 2)
        #expect(reading.slabinfo == nil)
        #expect(reading.diagnostics.lines.contains { $0.contains("/proc/slabinfo: note: cannot read") })

        let analysis = HostAnalysis(reading, top: 2)
        #expect(analysis.read.liveMemcgs == 5)
        #expect(analysis.read.dyingMemcgs == 12)
        #expect(analysis.read.dyingSource.hasPrefix("nr_dying_subsys_memory"))
        #expect(analysis.read.dyingParents.map(\.path) == ["/kubepods", "/kubepods/burstable"])
        #expect(analysis.read.dyingParents.map(\.dying) == [5, 4])
        #expect(analysis.read.largest[.anon]?.map(\.path) == ["/kubepods", "/kubepods/burstable"])
        #expect(analysis.read.largest[.file]?.map(\.path) == ["/kubepods", "/system.slice"])
        #expect(analysis.read.largest[.slab]?.first == HostAnalysis.Ranked(path: "/kubepods", bytes: 280 << 20))
        #expect(analysis.modelled.preset == "v6.12")
        // The model's own sizes, for 8 CPUs and 2 nodes.
        let sizes = MemcgStructures(cpus: 8, nodes: 2)
        #expect(analysis.modelled.dyingSlabBytes == 12 * Int64(sizes.slabBytes))
        #expect(analysis.modelled.dyingPercpuBytes == 12 * Int64(sizes.percpuBytes))
        #expect(analysis.modelled.memcgIDsInUse == 5)
        #expect(analysis.modelled.memcgIDHeadroom == Int64(MemoryController.memcgIDMax) - 5)
    }

    @Test func buildMachineSnapshotIsV1WithDyingFromProcCgroups() throws {
        let reading = HostReader(source: try TestSnapshots.buildMachine()).read()
        #expect(reading.kernelRelease == "6.18.44-fc-v669")
        #expect(reading.hierarchy == .v1)
        #expect(reading.mountPoint == "/sys/fs/cgroup/memory")
        #expect(reading.diagnostics.isEmpty, "\(reading.diagnostics.lines)")
        let analysis = HostAnalysis(reading)
        let numCgroups = try #require(reading.memoryControllerLine?.cgroups)
        #expect(analysis.read.liveMemcgs == reading.cgroups.count)
        #expect(analysis.read.dyingMemcgs == numCgroups - Int64(reading.cgroups.count))
        #expect(analysis.read.dyingMemcgs ?? 0 > 0, "the build machine has dying memory cgroups")
        #expect(analysis.modelled.preset == "v6.12")
        #expect(analysis.modelled.cpus == 2 && analysis.modelled.nodes == 1)
        #expect(analysis.read.largest[.slab]?.isEmpty == true, "v1 memory.stat has no slab line")
        #expect(analysis.read.largest[.kernel]?.isEmpty == false, "v1 kernel memory comes from memory.kmem.usage_in_bytes")
        #expect(reading.slabinfo?.isEmpty == false)
    }

    @Test func aCgroupRemovedWhileReadIsLeftOutWithANote() throws {
        let host = try TemporaryHost.kubernetesV2()
        // rmdir between the parent's readdir and the child's open.
        let source = RacingSource(LiveHostSource(root: host.path)) { listed in
            if listed == "/sys/fs/cgroup/kubepods" { try? host.remove("sys/fs/cgroup/kubepods/burstable") }
        }
        let reading = HostReader(source: source).read()
        #expect(reading.cgroups.map(\.path) == ["/", "/kubepods", "/system.slice", "/user.slice"])
        #expect(reading.diagnostics.lines.contains { $0.contains("kubepods/burstable: note: the cgroup was removed while it was read") })
    }

    @Test func missingAndDamagedFilesAreNamedAndTheReportGoesOn() throws {
        let host = try TemporaryHost.kubernetesV2()
        try host.remove("proc/cgroups")
        try host.remove("sys/devices/system/node/possible")
        try host.write("sys/fs/cgroup/system.slice/memory.stat", "anon 100\nfile 1x\nslab 5")
        try host.write("sys/fs/cgroup/user.slice/memory.current", "garbage\n")
        let reading = host.reading()
        let lines = reading.diagnostics.lines
        #expect(lines.contains { $0.hasSuffix("/proc/cgroups: warning: cannot read: No such file or directory (ENOENT)") })
        #expect(lines.contains { $0.contains("/system.slice/memory.stat:2: warning: value '1x' of 'file'") })
        #expect(lines.contains { $0.contains("/system.slice/memory.stat:3: warning: the last line has no newline") })
        #expect(lines.contains { $0.contains("/user.slice/memory.current:1: warning: 'garbage' is not an unsigned number") })
        #expect(lines.contains { $0.contains("/sys/devices/system/node/possible: note: cannot read") })
        let systemSlice = try #require(reading.cgroups.first { $0.path == "/system.slice" })
        #expect(systemSlice.stat.anon == 100 && systemSlice.stat.file == nil)
        let analysis = HostAnalysis(reading)
        #expect(analysis.read.dyingMemcgs == 12, "cgroup.stat still counts the dying")
        #expect(analysis.modelled.nodes == 1)
        #expect(analysis.assumptions.contains { $0.contains("possible nodes were not read") })
        #expect(HostReport(analysis: analysis, diagnostics: reading.diagnostics).text.contains("Notes and warnings"))
    }

    @Test func aHostWithoutAMemoryHierarchyStillReports() throws {
        let host = try TemporaryHost()
        try host.write("proc/mounts", "proc /proc proc rw 0 0\n")
        let reading = host.reading()
        #expect(reading.hierarchy == nil && reading.cgroups.isEmpty)
        #expect(reading.diagnostics.lines.contains { $0.contains("no cgroup2 mount and no cgroup mount with the memory controller") })
        let text = HostReport(analysis: HostAnalysis(reading), diagnostics: reading.diagnostics).text
        #expect(text.contains("hierarchy         not found"))
        #expect(text.contains("dying: unknown"))
    }

    @Test func syntheticTreeReadsBack() throws {
        let host = try TemporaryHost()
        try SyntheticHost(cgroups: 301, dyingPerSlice: 2).write(to: host.path)
        let reading = host.reading()
        #expect(reading.diagnostics.isEmpty, "\(reading.diagnostics.lines)")
        #expect(reading.cgroups.count == 301)
        let analysis = HostAnalysis(reading)
        #expect(analysis.read.dyingMemcgs == 200)
        #expect(analysis.read.dyingParents.count == 5)
        #expect(analysis.modelled.cpus == 64 && analysis.modelled.nodes == 2)
    }
}

/// A live source that calls `afterListing` with each directory it lists,
/// so a test can remove a cgroup in the window a real reader races with.
final class RacingSource: HostSource {
    let base: any HostSource
    let afterListing: (String) -> Void

    init(_ base: any HostSource, afterListing: @escaping (String) -> Void) {
        self.base = base
        self.afterListing = afterListing
    }

    func read(_ path: String) -> HostFileResult { base.read(path) }
    func displayName(_ path: String) -> String { base.displayName(path) }

    func subdirectories(_ path: String) -> HostDirectoryResult {
        let result = base.subdirectories(path)
        afterListing(path)
        return result
    }
}
