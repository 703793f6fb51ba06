@testable import HostReader
import Testing

/// The parsers against the kernel's own formats, and against the ways a
/// file goes wrong: each problem is one diagnostic naming the file and
/// line, and the rest of the file is still read.
@Suite struct ParserTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func v2MemoryStatGivesEachKindAndSumsKernelOnOlderKernels() {
        var d = HostDiagnostics()
        let stat = HostMemoryStat.parseV2(bytes(SyntheticHost.memoryStat(anon: 4_096, file: 8_192, slabReclaimable: 100, slabUnreclaimable: 28, percpu: 64)),
                                          file: "memory.stat", diagnostics: &d)
        #expect(d.isEmpty)
        #expect(stat.anon == 4_096 && stat.file == 8_192 && stat.slab == 128 && stat.percpu == 64)
        #expect(stat.kernel == Int64(128 + 64 + 16_384))

        // A 5.10 kernel: no `kernel` line, no `slab` sum; both are derived.
        let older = "anon 10\nfile 20\nkernel_stack 16384\npercpu 8\nsock 0\nshmem 0\nslab_reclaimable 3\nslab_unreclaimable 4\npgfault 7\n"
        let parsed = HostMemoryStat.parseV2(bytes(older), file: "memory.stat", diagnostics: &d)
        #expect(d.isEmpty)
        #expect(parsed.slab == 7)
        #expect(parsed.kernel == Int64(16_384 + 8 + 7))
    }

    @Test func v1MemoryStatReadsTotals() {
        var d = HostDiagnostics()
        let text = "cache 1\nrss 2\nhierarchical_memory_limit 9223372036854771712\ntotal_cache 1170743296\ntotal_rss 1026179072\n"
        let stat = HostMemoryStat.parseV1(bytes(text), file: "memory.stat", diagnostics: &d)
        #expect(d.isEmpty)
        #expect(stat.anon == 1_026_179_072 && stat.file == 1_170_743_296 && stat.slab == nil && stat.kernel == nil)
    }

    @Test func eachMalformedLineIsNamedAndSkippedWhileTheRestIsRead() {
        var d = HostDiagnostics()
        let text = "anon 4096\nfile twelve\nbogus_key 1\n\u{01}\u{02} 5\nanon 1\nslab 9 9\n\nsock 99999999999999999999\nkernel 77\nslab_reclaimable 12"
        let stat = HostMemoryStat.parseV2(bytes(text), file: "/x/memory.stat", diagnostics: &d)
        #expect(stat.anon == 4_096)
        #expect(stat.kernel == 77)
        #expect(stat.file == nil)
        #expect(stat.slabReclaimable == nil, "an unterminated last line is a truncated read")
        let lines = d.entries.map { ($0.first.line, $0.first.severity) }
        #expect(lines.map(\.0) == [2, 3, 4, 5, 6, 7, 8, 10])
        #expect(d.entries[1].first.severity == .note, "an unknown key is a note")
        #expect(d.entries.map(\.first.file).allSatisfy { $0 == "/x/memory.stat" })
        #expect(d.lines[0] == "/x/memory.stat:2: warning: value 'twelve' of 'file' is not an unsigned number; line skipped")
        #expect(d.lines[2].contains("garbled key '\\x1\\x2'"))
        #expect(d.lines[7].contains("no newline"))
    }

    @Test func repeatsFoldIntoOneLineWithACount() {
        var d = HostDiagnostics()
        for i in 0..<1_000 {
            _ = HostMemoryStat.parseV2(bytes("anon 1\nnew_thing 2\n"), file: "/cg\(i)/memory.stat", diagnostics: &d)
        }
        #expect(d.entries.count == 1)
        #expect(d.total == 1_000)
        #expect(d.lines == ["/cg0/memory.stat:2: note: unknown key 'new_thing' (a newer kernel's?); read but not used (and 999 more like it)"])
    }

    @Test func emptyFileIsAWarning() {
        var d = HostDiagnostics()
        let stat = HostMemoryStat.parseV2([], file: "m", diagnostics: &d)
        #expect(stat == HostMemoryStat())
        #expect(d.lines == ["m: warning: the file is empty"])
    }

    @Test func procCgroupsInBothLayouts() {
        var d = HostDiagnostics()
        // The tab-separated format of proc_cgroupstats_show(), and the aligned one a 2021 patch proposed.
        let tabs = ProcCgroups.parse(bytes("#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t1\t1\nmemory\t4\t80\t1\n"), file: "c", diagnostics: &d)
        let aligned = ProcCgroups.parse(bytes("      memory            2                71           1\n"), file: "c", diagnostics: &d)
        #expect(d.isEmpty)
        #expect(tabs.map(\.controller) == ["cpuset", "memory"])
        #expect(tabs[1] == ProcCgroupsEntry(controller: "memory", hierarchy: 4, cgroups: 80, enabled: true))
        #expect(aligned.first?.cgroups == 71)
        _ = ProcCgroups.parse(bytes("memory\t4\tlots\t1\nio 1 2\n"), file: "c", diagnostics: &d)
        #expect(d.entries.map(\.first.line) == [1, 2])
    }

    @Test func slabinfoVersion21() {
        var d = HostDiagnostics()
        let text = """
            slabinfo - version: 2.1
            # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
            dentry            121708 122220    192   21    1 : tunables    0    0    0 : slabdata   5820   5820      0
            kmalloc-2k          1040   1072   2048   16    8 : tunables    0    0    0 : slabdata     67     67      0

            """
        let caches = Slabinfo.parse(bytes(text), file: "s", diagnostics: &d)
        #expect(d.isEmpty)
        #expect(caches.map(\.name) == ["dentry", "kmalloc-2k"])
        #expect(caches[0].slabBytes == 5_820 * 4_096)
        #expect(caches[1].slabBytes == 67 * 8 * 4_096)

        let other = Slabinfo.parse(bytes("slabinfo - version: 2.2\ndentry 1 1 1 1 1 : tunables 0 0 0 : slabdata 1 1 0 0\n"), file: "s", diagnostics: &d)
        #expect(other.isEmpty)
        #expect(d.lines.last?.contains("expected 'slabinfo - version: 2.1'") == true)
    }

    @Test func meminfoInBytes() {
        var d = HostDiagnostics()
        let info = Meminfo.parse(bytes("MemTotal:       24684084 kB\nActive(anon):       1576 kB\nHugePages_Total:       0\nBad:  12 MB\n"), file: "m", diagnostics: &d)
        #expect(info["MemTotal"] == Int64(24_684_084 * 1_024))
        #expect(info["Active(anon)"] == Int64(1_576 * 1_024))
        #expect(info["HugePages_Total"] == 0)
        #expect(info["Bad"] == nil)
        #expect(d.entries.map(\.first.line) == [4])
    }

    @Test func singleValuesAndLists() {
        var d = HostDiagnostics()
        #expect(SingleValue.unsigned(bytes("3123851264\n"), file: "u", diagnostics: &d) == 3_123_851_264)
        #expect(SingleValue.listCount(bytes("0-3,8-11\n"), file: "p", diagnostics: &d) == 8)
        #expect(SingleValue.listCount(bytes("0\n"), file: "p", diagnostics: &d) == 1)
        #expect(d.isEmpty)
        #expect(SingleValue.unsigned(bytes("-1\n"), file: "u", diagnostics: &d) == nil)
        #expect(SingleValue.listCount(bytes("3-1\n"), file: "p", diagnostics: &d) == nil)
        #expect(d.entries.count == 2)
    }

    @Test func kernelReleaseMapsToTheNewestPresetAtOrBeforeIt() {
        #expect(KernelRelease("6.18.44-fc-v669")?.nearestPreset().preset.name == "v6.12")
        #expect(KernelRelease("5.10.0-28-amd64")?.nearestPreset().preset.name == "v5.9")
        #expect(KernelRelease("5.4.0")?.nearestPreset().preset.name == "v5.4")
        #expect(KernelRelease("4.19.0")?.nearestPreset().preset.name == "v4.11")
        #expect(KernelRelease("3.10.0-1160.el7.x86_64")?.nearestPreset().preset.name == "v3.18")
        #expect(KernelRelease("linux") == nil)
    }

    @Test func mountPointEscapes() {
        #expect(HostReader.unescapeMountPoint("/sys/fs/cgroup/my\\040dir") == "/sys/fs/cgroup/my dir")
        #expect(HostReader.unescapeMountPoint("/plain") == "/plain")
        #expect(HostReader.unescapeMountPoint("/bad\\04") == "/bad\\04")
    }
}
