import KernelSim
import Memcg
import Testing
@testable import Workload

@Suite struct SlabActionTests {
    @Test func placeholder() {}
}
