@testable import CgroupFS
import Testing

@Suite struct MemParseTests {
    @Test func parsesLikeTheKernel() {
        #expect(MemParse.bytes("4096") == 4096)
        #expect(MemParse.bytes("1K") == 1024)
        #expect(MemParse.bytes("1k") == 1024)
        #expect(MemParse.bytes("3M") == 3 << 20)
        #expect(MemParse.bytes("2G") == 2 << 30)
        #expect(MemParse.bytes("0x10") == 16)
        #expect(MemParse.bytes("010") == 8)  // leading zero is octal, as simple_strtoull base 0
        #expect(MemParse.bytes("") == 0)  // memparse("") is 0 with nothing left over, as in the kernel
        #expect(MemParse.bytes("12Q") == nil)
        #expect(MemParse.bytes("-5") == nil)
        #expect(MemParse.bytes("1.5G") == nil)
        #expect(MemParse.pages("max") == Int.max)
        #expect(MemParse.pages("8191") == 1)
        #expect(MemParse.pages("99999E") == MemParse.pageCounterMax)
    }

    @Test func limitsPrintAsMaxOrBytes() {
        #expect(MemParse.limitText(pages: Int.max) == "max")
        #expect(MemParse.limitText(pages: 3) == "12288")
    }
}
