@testable import CgroupFS
import KernelSim
import Memcg
import Testing

/// Control-file values parsed as the kernel parses them: memparse
/// (lib/cmdline.c) over simple_strtoull base 0 for memory.max and
/// memory.high, kstrtoint base 0 for cgroup.procs
/// (cgroup_procs_write_start in kernel/cgroup/cgroup.c).
@Suite struct KernelParsingTests {
    @Test(arguments: ["+1", "-0", "0+7", "0x-0", "0x", "08", "1.5G", "12Q", "1KK", " 1", "max1", "0xg1"])
    func memparseRefusesWhatTheKernelRefuses(text: String) {
        #expect(MemParse.bytes(text) == nil, "\(text)")
    }

    @Test func memparseReadsHexDigitsBeforeSuffixesAndWrapsLikeUnsignedShifts() {
        // 0x1e: the e is a hex digit (30 bytes), not the exa suffix.
        #expect(MemParse.bytes("0x1e") == 30)
        #expect(MemParse.bytes("0X1E") == 30)
        #expect(MemParse.bytes("1e") == 1 << 60)
        // 0x1g: hex 1, then the giga suffix.
        #expect(MemParse.bytes("0x1g") == 1 << 30)
        // 16E is 2^64: the shifts drop the high bits, as `ret <<= 10` does.
        #expect(MemParse.bytes("16E") == 0)
        #expect(MemParse.bytes("17E") == 1 << 60)
        // simple_strtoull does not check overflow: 2^64 + 5 wraps to 5.
        #expect(MemParse.bytes("18446744073709551621") == 5)
        #expect(MemParse.bytes("010") == 8)
        #expect(MemParse.bytes("0") == 0)
    }

    private func system() throws -> CgroupFS {
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { _ in }
        try runner.fs.mkdir("/a")
        return runner.fs
    }

    @Test func memoryMaxTakesTheKernelsValues() throws {
        let fs = try system()
        try fs.write("/a/memory.max", "0x1e000")
        #expect(try fs.read("/a/memory.max") == "122880\n")
        try fs.write("/a/memory.max", "16E")
        #expect(try fs.read("/a/memory.max") == "0\n")
        for bad in ["+1", "-0", "0+7", "0x-0"] {
            #expect(throws: MemcgError.self) { try fs.write("/a/memory.max", bad) }
            #expect(try fs.read("/a/memory.max") == "0\n", "a refused write changes nothing")
        }
    }

    @Test func cgroupProcsParsesPidsInBaseZero() throws {
        let fs = try system()
        try fs.mkdir("/b")
        // The model's pids start at 1000.
        let b = try fs.controller.lookup("/b")
        let pids = [try fs.tasks.spawn(in: b).pid, try fs.tasks.spawn(in: b).pid]
        #expect(pids == [1_000, 1_001])
        // 01000 is octal 512, not 1000: no such task.
        do {
            try fs.write("/a/cgroup.procs", "01000")
            Issue.record("01000 moved a task")
        } catch {
            #expect(error.errno == .ESRCH)
        }
        try fs.write("/a/cgroup.procs", "01750")
        #expect(try fs.read("/a/cgroup.procs") == "1000\n")
        try fs.write("/a/cgroup.procs", "0x3e9")
        #expect(try fs.read("/a/cgroup.procs") == "1000\n1001\n")
        try fs.write("/b/cgroup.procs", "+1000")
        #expect(try fs.read("/b/cgroup.procs") == "1000\n")
        for bad in ["-1", "0x", "1 2", "08", "2147483648", "", "1K"] {
            do {
                try fs.write("/a/cgroup.procs", bad)
                Issue.record("'\(bad)' accepted")
            } catch {
                #expect(error.errno == .EINVAL, "\(bad)")
            }
        }
        // 0 (and -0) parse: the kernel moves the writer itself, which the
        // model does not have; the error says so rather than "expected a pid".
        for zero in ["0", "-0"] {
            do {
                try fs.write("/a/cgroup.procs", zero)
                Issue.record("'\(zero)' accepted")
            } catch {
                #expect(error.errno == .ESRCH)
                #expect(error.reason.contains("writing process"))
            }
        }
    }

    @Test func cgroupNamesAreComparedAsBytes() throws {
        let fs = try system()
        try fs.mkdir("/e\u{301}")
        #expect(throws: MemcgError.self) { try fs.rmdir("/\u{e9}") }
        try fs.mkdir("/\u{e9}")
        #expect(fs.controller.root.children.count == 3)
        try fs.rmdir("/\u{e9}")
        try fs.rmdir("/e\u{301}")
    }

    @Test func cgroupNamesWithNULAreRefused() throws {
        let fs = try system()
        do {
            try fs.mkdir("/x\u{0}y")
            Issue.record("a name with NUL was accepted")
        } catch {
            #expect(error.errno == .EINVAL)
            #expect(!error.reason.contains("\u{0}"), "the message escapes the byte")
        }
        // Other control bytes are legal cgroup names, as in the kernel;
        // only the newline is refused (cgroup_mkdir).
        try fs.mkdir("/x\u{1}y")
        #expect(throws: MemcgError.self) { try fs.mkdir("/x\ny") }
    }
}
