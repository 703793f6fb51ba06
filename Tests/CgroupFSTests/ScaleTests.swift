import CgroupFS
import KernelSim
import Memcg
import Testing

@Suite struct ScaleTests {
    @Test func createAndRemoveOneHundredThousandCgroupsInOneScript() throws {
        var script = "mkdir /jobs\n"
        for i in 0..<100_000 {
            script += "mkdir /jobs/j\(i)\nrmdir /jobs/j\(i)\n"
        }
        script += "settle\nexpect /jobs/cgroup.stat nr_dying_descendants == 0\nexpect /jobs/cgroup.stat nr_descendants == 0\n"
        let runner = ScriptRunner(configuration: KernelConfiguration(), design: Design()) { _ in }
        try runner.run(script: script, file: "scale.memcg")
        #expect(runner.fs.controller.lifetime.created == 100_001)
        #expect(runner.fs.controller.lifetime.freed == 100_000)
        #expect(runner.fs.controller.memcgIDsInUse == 2)
        #expect(runner.fs.controller.violations.isEmpty)
    }
}
